package io.trawl.infra.amqp;

import io.trawl.infra.TrawlProperties;
import java.time.Duration;
import org.springframework.amqp.core.Declarables;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Broker topology for the configured sources and the confirmed publisher. */
@Configuration(proxyBeanMethods = false)
public class AmqpConfiguration {

    @Bean
    Declarables taskTopology(TrawlProperties properties) {
        return new Declarables(TaskTopology.declarables(
                properties.topology(), properties.sources().keySet()));
    }

    @Bean
    ConfirmedPublisher confirmedPublisher(
            RabbitTemplate template, @Value("${trawl.publish.confirm-timeout:10s}") Duration confirmTimeout) {
        return new ConfirmedPublisher(template, confirmTimeout);
    }
}
