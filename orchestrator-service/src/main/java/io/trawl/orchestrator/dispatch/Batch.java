package io.trawl.orchestrator.dispatch;

import io.trawl.orchestrator.planning.PlannedTask;
import java.util.List;
import java.util.Map;

/**
 * One batch of a lazily planned job: the planning units {@code [from, to)} (source × symbol) and their tasks.
 *
 * @param from first unit
 * @param to end of the batch, exclusive: the job's cursor once the batch is published
 * @param tasks the tasks planned
 * @param perSource per source of the batch: tasks planned, and partitions left out as already collected
 */
public record Batch(long from, long to, List<PlannedTask> tasks, Map<String, SourceCounts> perSource) {

    /** A source's share of a batch. */
    public record SourceCounts(long dispatched, long alreadyCollected) {}
}
