package io.trawl.worker.execution;

import io.micrometer.core.instrument.LongTaskTimer;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.trawl.messages.CollectTask;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.springframework.stereotype.Component;

/**
 * Runs a step of a task (the source fetch, the object-store put) as an observation when the task's trace is
 * sampled: a span in the task's trace, which continues the trace of the REST call that queued it, and a timer
 * tagged with the source and the outcome. A task whose trace is not sampled (most of a large job, see
 * {@code trawl.orchestrator.dispatch.tracing}) records the same timers ({@code <step>} with {@code source} and
 * {@code error}, {@code <step>.active}) directly, without the span nobody would see.
 */
@Component
class TaskSteps {

    /** Fetching the partition from its source (validation follows, outside the concurrency permit). */
    static final String FETCH = "trawl.source.fetch";

    /** Storing the archive in the object store. */
    static final String STORE = "trawl.storage.put";

    private final ObservationRegistry registry;
    private final Tracer tracer;
    private final MeterRegistry meters;
    private final Map<Key, LongTaskTimer> activeTimers = new ConcurrentHashMap<>();
    private final Map<Key, Timer> timers = new ConcurrentHashMap<>();

    TaskSteps(ObservationRegistry registry, Tracer tracer, MeterRegistry meters) {
        this.registry = registry;
        this.tracer = tracer;
        this.meters = meters;
    }

    <T> T observe(String step, CollectTask task, Supplier<T> body) {
        Span current = tracer.currentSpan();
        if (current == null || Boolean.TRUE.equals(current.context().sampled())) {
            return Observation.createNotStarted(step, registry)
                    .lowCardinalityKeyValue("source", task.source())
                    .highCardinalityKeyValue("task.id", task.taskId())
                    .highCardinalityKeyValue("task.attempt", Integer.toString(task.attempt()))
                    .observe(body);
        }
        LongTaskTimer.Sample active = activeTimers
                .computeIfAbsent(new Key(step, task.source(), ""), key -> LongTaskTimer.builder(step + ".active")
                        .tag("source", key.source())
                        .register(meters))
                .start();
        Timer.Sample sample = Timer.start(meters);
        String error = "none";
        try {
            return body.get();
        } catch (RuntimeException | Error e) {
            error = e.getClass().getSimpleName();
            throw e;
        } finally {
            sample.stop(timers.computeIfAbsent(new Key(step, task.source(), error), key -> Timer.builder(step)
                    .tag("source", key.source())
                    .tag("error", key.error())
                    .register(meters)));
            active.stop();
        }
    }

    /** A step's meter for a source (and an outcome): looked up once, not built and registered for every task. */
    private record Key(String step, String source, String error) {}
}
