package io.trawl.worker.execution;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.trawl.messages.CollectTask;
import java.util.function.Supplier;
import org.springframework.stereotype.Component;

/**
 * Runs a step of a task (the source fetch, the object-store put) as an observation: a span in the task's
 * trace, which continues the trace of the REST call that queued it, and a timer tagged with the source and
 * the outcome.
 */
@Component
class TaskSteps {

    /** Fetching the partition from its source (validation follows, outside the concurrency permit). */
    static final String FETCH = "trawl.source.fetch";

    /** Storing the archive in the object store. */
    static final String STORE = "trawl.storage.put";

    private final ObservationRegistry registry;

    TaskSteps(ObservationRegistry registry) {
        this.registry = registry;
    }

    <T> T observe(String step, CollectTask task, Supplier<T> body) {
        return Observation.createNotStarted(step, registry)
                .lowCardinalityKeyValue("source", task.source())
                .highCardinalityKeyValue("task.id", task.taskId())
                .highCardinalityKeyValue("task.attempt", Integer.toString(task.attempt()))
                .observe(body);
    }
}
