package io.trawl.infra.amqp;

import io.trawl.infra.TrawlProperties;
import java.time.Duration;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.core.Declarables;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Broker topology for the configured sources and the confirmed publisher. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(MessageProperties.class)
public class AmqpConfiguration {

    @Bean
    Declarables taskTopology(TrawlProperties properties) {
        return new Declarables(TaskTopology.declarables(
                properties.topology(), properties.sources().keySet()));
    }

    @Bean
    ConfirmedPublisher confirmedPublisher(
            RabbitTemplate template,
            @Value("${trawl.publish.confirm-timeout:10s}") Duration confirmTimeout,
            MessageSigner signer) {
        return new ConfirmedPublisher(template, confirmTimeout, signer);
    }

    @Bean
    Quarantine quarantine(ConfirmedPublisher publisher, TrawlProperties trawl) {
        return new Quarantine(publisher, trawl);
    }

    /** Signs and verifies every message on the bus with the keys of {@code trawl.messages.keys}. */
    @Bean
    MessageSigner messageSigner(MessageProperties properties) {
        MessageSigner signer = new MessageSigner(properties.keys());
        if (signer.development()) {
            LoggerFactory.getLogger(MessageSigner.class)
                    .warn("Messages are signed with the built-in key of the local run: anyone who has read Trawl's"
                            + " source can forge them. Set TRAWL_MESSAGES_KEYS (id:secret) outside a local run.");
        }
        return signer;
    }
}
