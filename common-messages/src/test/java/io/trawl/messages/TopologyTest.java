package io.trawl.messages;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TopologyTest {

    @Test
    void derivesEveryNameFromTheNamespace() {
        Topology topology = new Topology("trawl");

        assertThat(topology.tasksExchange()).isEqualTo("trawl.tasks");
        assertThat(topology.taskQueue("binance")).isEqualTo("trawl.tasks.binance");
        assertThat(topology.eventsExchange()).isEqualTo("trawl.events");
        assertThat(topology.orchestratorEventsQueue()).isEqualTo("trawl.orchestrator.events");
        assertThat(topology.redisPrefix()).isEqualTo("trawl:");
        assertThat(Topology.eventRoutingKey(EventKind.COMPLETED, "binance")).isEqualTo("task.completed.binance");
    }

    @Test
    void rejectsNamespacesThatWouldBreakNames() {
        assertThatThrownBy(() -> new Topology("Trawl Prod")).hasMessageContaining("'Trawl Prod'");
    }

    @Test
    void retryDelayHeaderIsOneAHeadersExchangeMatchesOn() {
        // RabbitMQ's headers exchange ignores x- headers: every delay queue would match
        assertThat(Topology.RETRY_DELAY_HEADER).doesNotStartWith("x-");
    }
}
