package io.trawl.orchestrator.queues;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.trawl.infra.TrawlProperties;
import io.trawl.messages.Topology;
import java.util.List;
import org.springframework.amqp.core.AmqpAdmin;
import org.springframework.amqp.core.QueueInformation;
import org.springframework.stereotype.Component;

/**
 * How much waits where, read from the broker at once (a passive declare per queue; the management API lags
 * by seconds): each source's task queue, the retries in the delay queues, the dead letters. Also registered
 * as gauges {@code trawl.queue.ready{source}}, {@code trawl.queue.consumers{source}},
 * {@code trawl.queue.retrying} and {@code trawl.queue.dead.letters}.
 */
@Component
public class QueueDepths {

    private final AmqpAdmin admin;
    private final Topology topology;
    private final List<String> sources;

    public QueueDepths(AmqpAdmin admin, TrawlProperties trawl, MeterRegistry meters) {
        this.admin = admin;
        this.topology = trawl.topology();
        this.sources = trawl.sources().keySet().stream().sorted().toList();
        for (String source : sources) {
            Gauge.builder("trawl.queue.ready", () -> info(topology.taskQueue(source))
                            .getMessageCount())
                    .description("tasks waiting in the source's queue")
                    .tag("source", source)
                    .register(meters);
            Gauge.builder("trawl.queue.consumers", () -> info(topology.taskQueue(source))
                            .getConsumerCount())
                    .description("worker consumers on the source's queue")
                    .tag("source", source)
                    .register(meters);
        }
        Gauge.builder("trawl.queue.retrying", this::retrying)
                .description("tasks waiting out a back-off in the delay queues")
                .register(meters);
        Gauge.builder("trawl.queue.dead.letters", () -> info(topology.deadLetterQueue())
                        .getMessageCount())
                .description("messages in the dead-letter queue")
                .register(meters);
    }

    /** Every source's queue, the retries and the dead letters, now. */
    public QueuesView now() {
        List<QueuesView.SourceQueue> queues = sources.stream()
                .map(source -> {
                    QueueInformation info = info(topology.taskQueue(source));
                    return new QueuesView.SourceQueue(
                            source, topology.taskQueue(source), info.getMessageCount(), info.getConsumerCount());
                })
                .toList();
        return new QueuesView(
                queues, retrying(), info(topology.deadLetterQueue()).getMessageCount());
    }

    private long retrying() {
        return Topology.RETRY_DELAYS_MILLIS.stream()
                .mapToLong(delay -> info(topology.retryQueue(delay)).getMessageCount())
                .sum();
    }

    private QueueInformation info(String queue) {
        QueueInformation info = admin.getQueueInfo(queue);
        return info == null ? new QueueInformation(queue, 0, 0) : info;
    }
}
