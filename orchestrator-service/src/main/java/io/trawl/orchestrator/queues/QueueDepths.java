package io.trawl.orchestrator.queues;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.trawl.infra.TrawlProperties;
import io.trawl.infra.workers.WorkerDirectory;
import io.trawl.infra.workers.WorkerStatus;
import io.trawl.messages.JobState;
import io.trawl.messages.Priority;
import io.trawl.messages.Topology;
import io.trawl.orchestrator.OrchestratorProperties;
import io.trawl.orchestrator.tracking.JobStore;
import io.trawl.orchestrator.tracking.JobView;
import io.trawl.orchestrator.tracking.SourceSummary;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.amqp.core.AmqpAdmin;
import org.springframework.amqp.core.QueueInformation;
import org.springframework.stereotype.Component;

/**
 * How much waits where, read from the broker at once (a passive declare per queue; the management API lags
 * by seconds): each source's task queue, the retries in the delay queues, the dead letters; with the running
 * tasks from the workers' heartbeats and the open tasks by priority from the job records. Also registered
 * as gauges {@code trawl.queue.ready{source}}, {@code trawl.queue.consumers{source}},
 * {@code trawl.queue.retrying} and {@code trawl.queue.dead.letters}.
 */
@Component
public class QueueDepths {

    private final AmqpAdmin admin;
    private final Topology topology;
    private final List<String> sources;
    private final WorkerDirectory workers;
    private final JobStore jobs;
    private final int recentJobs;

    public QueueDepths(
            AmqpAdmin admin,
            TrawlProperties trawl,
            MeterRegistry meters,
            WorkerDirectory workers,
            JobStore jobs,
            OrchestratorProperties properties) {
        this.admin = admin;
        this.workers = workers;
        this.jobs = jobs;
        this.recentJobs = properties.recentJobs();
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
        return new QueuesView(
                sourceQueues(workers.list(), pendingByPriority()),
                retrying(),
                info(topology.deadLetterQueue()).getMessageCount());
    }

    /**
     * Each source's queue with the tasks the given live workers run and the open tasks by priority: what the
     * autoscaling recommendation needs (a queue's depth counts a bundle of tasks as one message; the job records
     * count its tasks).
     */
    public List<QueuesView.SourceQueue> backlogs(List<WorkerStatus> live) {
        return sourceQueues(live, pendingByPriority());
    }

    private List<QueuesView.SourceQueue> sourceQueues(
            List<WorkerStatus> live, Map<String, Map<Priority, Long>> pending) {
        Map<String, Long> running = new HashMap<>();
        live.forEach(worker -> worker.inFlight().forEach(task -> running.merge(sourceOf(task), 1L, Long::sum)));
        return sources.stream()
                .map(source -> {
                    QueueInformation info = info(topology.taskQueue(source));
                    return new QueuesView.SourceQueue(
                            source,
                            topology.taskQueue(source),
                            info.getMessageCount(),
                            running.getOrDefault(source, 0L),
                            info.getConsumerCount(),
                            pending.getOrDefault(source, Map.of()));
                })
                .toList();
    }

    private Map<String, Map<Priority, Long>> pendingByPriority() {
        Map<String, Map<Priority, Long>> pending = new HashMap<>();
        for (JobView job : jobs.recent(recentJobs)) {
            if (job.state() != JobState.QUEUED && job.state() != JobState.RUNNING) {
                continue;
            }
            for (SourceSummary source : job.sources()) {
                long open = source.total() - source.succeeded() - source.failed() - source.cancelled();
                if (open > 0) {
                    pending.computeIfAbsent(source.source(), s -> new EnumMap<>(Priority.class))
                            .merge(job.priority(), open, Long::sum);
                }
            }
        }
        return pending;
    }

    /** Task ids read {@code <jobId>.<source>.<symbol>.<interval>.<partition>}. */
    private static String sourceOf(String taskId) {
        String[] parts = taskId.split("\\.", 3);
        return parts.length > 1 ? parts[1] : "";
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
