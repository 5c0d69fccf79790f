package io.trawl.worker.registry;

import io.trawl.infra.TrawlProperties;
import io.trawl.infra.workers.WorkerDirectory;
import io.trawl.infra.workers.WorkerStatus;
import io.trawl.worker.WorkerProperties;
import io.trawl.worker.control.RunningTasks;
import io.trawl.worker.execution.TaskConsumers;
import io.trawl.worker.execution.TaskMetrics;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Registers this worker in the {@link WorkerDirectory} every heartbeat with what it runs and has done, and
 * applies an operator's pause or resume: paused, it stops taking tasks (in-flight ones finish); resumed, it
 * consumes again.
 */
@Component
public class Heartbeat implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(Heartbeat.class);

    private final WorkerDirectory directory;
    private final TaskConsumers consumers;
    private final RunningTasks running;
    private final TaskMetrics stats;
    private final String workerId;
    private final List<String> sources;
    private final String host;
    private final Instant startedAt;
    private final Clock clock;
    private ScheduledExecutorService timer;

    public Heartbeat(
            WorkerDirectory directory,
            TaskConsumers consumers,
            RunningTasks running,
            TaskMetrics stats,
            WorkerProperties worker,
            TrawlProperties trawl,
            Clock clock) {
        this.directory = directory;
        this.consumers = consumers;
        this.running = running;
        this.stats = stats;
        this.workerId = worker.id();
        this.sources = trawl.sources().keySet().stream().sorted().toList();
        this.host = hostName();
        this.clock = clock;
        this.startedAt = clock.instant();
    }

    @Override
    public void start() {
        timer = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "heartbeat"));
        timer.scheduleWithFixedDelay(this::beat, 0, WorkerDirectory.HEARTBEAT.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** One heartbeat: apply an operator's pause or resume, then report. */
    void beat() {
        try {
            boolean pause = directory.pausedByOperator(workerId);
            if (pause != consumers.paused()) {
                log.info("Worker {} {} by an operator", workerId, pause ? "paused" : "resumed");
                if (pause) {
                    consumers.pause();
                } else {
                    consumers.resume();
                }
            }
            directory.heartbeat(new WorkerStatus(
                    workerId,
                    host,
                    startedAt,
                    sources,
                    List.copyOf(running.taskIds()),
                    stats.completedCount(),
                    stats.failedCount(),
                    consumers.paused(),
                    clock.instant()));
        } catch (RuntimeException e) {
            log.warn("Heartbeat of worker {} failed: {}", workerId, e.getMessage());
        }
    }

    @Override
    public void stop() {
        timer.shutdownNow();
    }

    @Override
    public boolean isRunning() {
        return timer != null && !timer.isShutdown();
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return System.getenv().getOrDefault("HOSTNAME", "unknown");
        }
    }
}
