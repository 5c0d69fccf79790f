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
        assertThat(topology.redis().prefix()).isEqualTo("trawl:");
        RedisKeys keys = topology.redis();
        assertThat(java.util.List.of(
                        keys.job("j-1"),
                        keys.jobTasks("j-1"),
                        keys.jobTask("j-1", "t"),
                        keys.jobSource("j-1", "binance"),
                        keys.jobFailures("j-1")))
                .as("one script's keys share the job's hash tag")
                .allSatisfy(key -> assertThat(key).startsWith("trawl:job:{j-1}"));
        assertThat(keys.rate("binance", "state")).isEqualTo("trawl:rate:{binance}:state");
        assertThat(keys.jobControl("j-1")).isEqualTo("trawl:control:{j-1}");
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
