package io.trawl.orchestrator.collection;

import io.trawl.orchestrator.OrchestratorProperties;
import io.trawl.orchestrator.tracking.JobStore;
import io.trawl.orchestrator.tracking.JobView;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * Server-Sent Event streams of jobs' progress. One ticker reads each followed job's record (O(sources), held
 * in Redis, so it is right whichever orchestrator replica applied the workers' events) every {@code
 * trawl.orchestrator.event-interval} and sends a {@code progress} event when it changed: the job as {@code GET
 * /collections/{id}} shows it. When the job ends the stream sends a last {@code progress}, an {@code end} event
 * naming the final state, and closes. A comment every 15 s keeps proxies from closing an idle stream.
 */
@Component
public class ProgressStreams implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(ProgressStreams.class);
    private static final long KEEP_ALIVE_NANOS = Duration.ofSeconds(15).toNanos();

    private final JobStore jobs;
    private final int maxStreams;
    private final Map<SseEmitter, Stream> streams = new ConcurrentHashMap<>();
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("progress-streams").factory());

    private static final class Stream {
        final String jobId;
        final AtomicLong sequence = new AtomicLong();
        String last;
        long lastSentNanos = System.nanoTime();

        Stream(String jobId) {
            this.jobId = jobId;
        }
    }

    public ProgressStreams(JobStore jobs, OrchestratorProperties properties) {
        this.jobs = jobs;
        this.maxStreams = properties.maxEventStreams();
        long interval = properties.eventInterval().toMillis();
        ticker.scheduleWithFixedDelay(this::tick, interval, interval, TimeUnit.MILLISECONDS);
    }

    /** Opens a stream of the job's progress; its first event is the job as it is now. */
    public SseEmitter open(JobView job) {
        if (streams.size() >= maxStreams) {
            throw new TooManyStreamsException(maxStreams);
        }
        SseEmitter emitter = new SseEmitter(0L);
        Stream stream = new Stream(job.id());
        emitter.onCompletion(() -> streams.remove(emitter));
        emitter.onTimeout(() -> streams.remove(emitter));
        emitter.onError(e -> streams.remove(emitter));
        if (send(emitter, stream, job)) {
            streams.put(emitter, stream);
        }
        return emitter;
    }

    private void tick() {
        streams.forEach((emitter, stream) -> {
            try {
                Optional<JobView> job = jobs.find(stream.jobId);
                if (job.isEmpty()) {
                    emitter.send(SseEmitter.event().name("error").data("job " + stream.jobId + " no longer exists"));
                    close(emitter);
                } else if (send(emitter, stream, job.get())) {
                    keepAlive(emitter, stream);
                }
            } catch (IOException | RuntimeException e) {
                log.debug("Progress stream of Job(id={}) closed: {}", stream.jobId, e.getMessage());
                close(emitter);
            }
        });
    }

    /** Sends the job if it changed since the last event; answers whether the stream stays open. */
    private boolean send(SseEmitter emitter, Stream stream, JobView job) {
        String now = signature(job);
        try {
            if (!now.equals(stream.last)) {
                emitter.send(SseEmitter.event()
                        .id(Long.toString(stream.sequence.incrementAndGet()))
                        .name("progress")
                        .data(job));
                stream.last = now;
                stream.lastSentNanos = System.nanoTime();
            }
            if (job.state().terminal()) {
                emitter.send(SseEmitter.event().name("end").data(job.state().name()));
                close(emitter);
                return false;
            }
            return true;
        } catch (IOException | RuntimeException e) {
            close(emitter);
            return false;
        }
    }

    private void keepAlive(SseEmitter emitter, Stream stream) throws IOException {
        if (System.nanoTime() - stream.lastSentNanos > KEEP_ALIVE_NANOS) {
            emitter.send(SseEmitter.event().comment("keep-alive"));
            stream.lastSentNanos = System.nanoTime();
        }
    }

    private void close(SseEmitter emitter) {
        streams.remove(emitter);
        emitter.complete();
    }

    private static String signature(JobView job) {
        return job.state() + "/" + job.succeeded() + "/" + job.failed() + "/" + job.cancelled() + "/" + job.startedAt()
                + "/" + job.pauseReason();
    }

    @Override
    public void destroy() {
        ticker.shutdownNow();
        streams.keySet().forEach(SseEmitter::complete);
    }
}
