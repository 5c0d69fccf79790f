package io.trawl.orchestrator.tracking;

import io.trawl.orchestrator.OrchestratorProperties;
import org.springframework.amqp.rabbit.config.SimpleRabbitListenerContainerFactory;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.boot.amqp.autoconfigure.SimpleRabbitListenerContainerFactoryConfigurer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The listener containers of worker events: each consumer takes up to {@code trawl.orchestrator.event-batch}
 * events at once (what has arrived, waiting at most {@link #FILL_MILLIS} for more), so a busy system applies
 * them in few Redis round trips and acknowledgements instead of one of each per event.
 */
@Configuration(proxyBeanMethods = false)
class EventBatches {

    /** The bean name of the container factory. */
    static final String FACTORY = "eventBatchListenerContainers";

    /** How long a consumer waits for the next event of a batch it has begun. */
    static final long FILL_MILLIS = 10;

    @Bean(FACTORY)
    SimpleRabbitListenerContainerFactory eventBatches(
            SimpleRabbitListenerContainerFactoryConfigurer configurer,
            ConnectionFactory connections,
            OrchestratorProperties properties) {
        SimpleRabbitListenerContainerFactory factory = new SimpleRabbitListenerContainerFactory();
        configurer.configure(factory, connections);
        factory.setBatchListener(true);
        factory.setConsumerBatchEnabled(true);
        factory.setBatchSize(properties.eventBatch());
        factory.setReceiveTimeout(FILL_MILLIS);
        factory.setPrefetchCount(Math.max(250, 2 * properties.eventBatch()));
        return factory;
    }
}
