package io.trawl.worker.source;

import io.trawl.messages.CollectTask;
import io.trawl.sources.SourceDefinition;
import io.trawl.sources.SourceType;

/**
 * Fetches the partitions of one kind of source. A connector only fetches: it goes through the source's limits
 * ({@link RequestGate}), streams what it gets to a spool file and checks what the source itself vouches for (a
 * checksum, a status); whether the content makes sense is the {@link Validator}'s step, run after the source's
 * concurrency permit is given back. Adding a kind: a package with its connector and validator (Spring
 * components), a {@link SourceType} value, a configuration block and the simulator's routes
 * (docs/architecture.md).
 */
public interface Connector {

    /** The kind of source this connector fetches. */
    SourceType kind();

    /**
     * Fetches the task's partition; throws {@link SourceFailure} when it cannot. The caller deletes the spooled
     * file.
     */
    Fetched fetch(CollectTask task, SourceDefinition source, FetchContext context);

    /**
     * {@code fetched} is stored: a connector that remembers what it already collected (a feed's seen items and
     * validators) records it now, never before, so nothing is marked collected that was not stored.
     */
    default void stored(CollectTask task, SourceDefinition source, Fetched fetched) {}

    /**
     * Tries so far of the request the task's attempt is on, which {@code max-attempts} bounds: by default its
     * attempt; a connector that makes several requests per task and resumes after the ones that succeeded (its
     * resume state) counts only the tries of the current one.
     */
    default int requestAttempt(CollectTask task) {
        return task.attempt();
    }
}
