package io.trawl.orchestrator;

import io.trawl.infra.TrawlInfraConfiguration;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.boot.data.redis.autoconfigure.observation.LettuceObservationAutoConfiguration;
import org.springframework.context.annotation.Import;
import org.springframework.scheduling.annotation.EnableScheduling;

/** Takes collection requests, plans and publishes their tasks, and tracks jobs from worker events. */
// Redis commands are traced by TrawlInfraConfiguration's SampledRedisTracing instead (only in sampled traces)
@SpringBootApplication(exclude = LettuceObservationAutoConfiguration.class)
@EnableScheduling
@ConfigurationPropertiesScan
@Import(TrawlInfraConfiguration.class)
public class OrchestratorApplication {

    public static void main(String[] args) {
        SpringApplication.run(OrchestratorApplication.class, args);
    }
}
