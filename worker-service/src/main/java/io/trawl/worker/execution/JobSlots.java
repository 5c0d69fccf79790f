package io.trawl.worker.execution;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.stereotype.Component;

/**
 * How many tasks of each concurrency-limited job this worker holds (waiting for the job's permit or
 * running). A job may hold no more of this worker's consumers than its concurrency, so a sequential job
 * cannot tie up the consumers other jobs of the same source need.
 */
@Component
class JobSlots {

    private final ConcurrentHashMap<String, AtomicInteger> held = new ConcurrentHashMap<>();

    /** Takes a slot of {@code jobId} unless it already holds {@code limit}. */
    boolean tryEnter(String jobId, int limit) {
        AtomicInteger count = held.computeIfAbsent(jobId, id -> new AtomicInteger());
        if (count.incrementAndGet() <= limit) {
            return true;
        }
        exit(jobId);
        return false;
    }

    void exit(String jobId) {
        held.computeIfPresent(jobId, (id, count) -> count.decrementAndGet() <= 0 ? null : count);
    }
}
