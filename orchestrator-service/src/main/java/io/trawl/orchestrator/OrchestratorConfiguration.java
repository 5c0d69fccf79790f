package io.trawl.orchestrator;

import io.trawl.infra.TrawlProperties;
import io.trawl.messages.Topology;
import io.trawl.orchestrator.collection.RequestResolver;
import io.trawl.orchestrator.planning.Planner;
import io.trawl.orchestrator.planning.SymbolCatalog;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import org.springframework.amqp.core.BindingBuilder;
import org.springframework.amqp.core.Declarables;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.core.QueueBuilder;
import org.springframework.amqp.core.TopicExchange;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.Resource;
import org.springframework.core.io.ResourceLoader;

/** Wires planning and collection, and declares the orchestrator's event queue. */
@Configuration(proxyBeanMethods = false)
class OrchestratorConfiguration {

    @Bean
    SymbolCatalog symbolCatalog(OrchestratorProperties properties, ResourceLoader resources) {
        Resource resource = resources.getResource(properties.catalog());
        try (InputStream in = resource.getInputStream()) {
            return SymbolCatalog.read(properties.catalog(), in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read symbol catalog " + properties.catalog(), e);
        }
    }

    @Bean
    Planner planner(TrawlProperties trawl) {
        return new Planner(trawl.sources());
    }

    @Bean
    RequestResolver requestResolver(
            TrawlProperties trawl, OrchestratorProperties properties, SymbolCatalog catalog, Clock clock) {
        return new RequestResolver(trawl, properties, catalog, clock);
    }

    @Bean
    Declarables orchestratorEvents(TrawlProperties trawl) {
        Topology topology = trawl.topology();
        Queue queue = QueueBuilder.durable(topology.orchestratorEventsQueue())
                .deadLetterExchange(topology.deadLetterExchange())
                .build();
        return new Declarables(
                queue,
                BindingBuilder.bind(queue)
                        .to(new TopicExchange(topology.eventsExchange(), true, false))
                        .with(Topology.allTaskEvents()));
    }
}
