package io.trawl.worker;

import io.trawl.infra.TrawlInfraConfiguration;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.boot.data.redis.autoconfigure.observation.LettuceObservationAutoConfiguration;
import org.springframework.context.annotation.Import;

/** A worker replica: consumes tasks of every configured source, fetches, validates and stores results. */
// Redis commands are traced by TrawlInfraConfiguration's SampledRedisTracing instead (only in sampled traces)
@SpringBootApplication(exclude = LettuceObservationAutoConfiguration.class)
@ConfigurationPropertiesScan
@Import(TrawlInfraConfiguration.class)
public class WorkerApplication {

    public static void main(String[] args) {
        SpringApplication.run(WorkerApplication.class, args);
    }
}
