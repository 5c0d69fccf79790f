package io.trawl.orchestrator.planning;

import io.trawl.messages.CollectTask;
import io.trawl.sources.ObjectKeys;
import io.trawl.sources.SourceDefinition;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Splits a collection into one task per source × symbol × month, with deterministic ids and keys. */
public final class Planner {

    private final Map<String, SourceDefinition> sources;

    public Planner(Map<String, SourceDefinition> sources) {
        this.sources = Map.copyOf(sources);
    }

    /** The tasks of job {@code jobId}, ordered by source, symbol, then month. */
    public List<PlannedTask> plan(String jobId, CollectionSpec spec) {
        List<PlannedTask> tasks = new ArrayList<>(Math.toIntExact(spec.taskCount()));
        for (String source : spec.sources()) {
            SourceDefinition definition = sources.get(source);
            for (String symbol : spec.symbols()) {
                for (YearMonth month : spec.months().months()) {
                    CollectTask task = new CollectTask(
                            CollectTask.idFor(jobId, source, symbol, spec.interval(), month),
                            source,
                            definition.dataset(),
                            symbol,
                            spec.interval(),
                            month,
                            1,
                            spec.concurrency());
                    String key = ObjectKeys.of(
                            source, definition.dataset(), spec.interval(), symbol, month, definition.extension());
                    tasks.add(new PlannedTask(task, key));
                }
            }
        }
        return tasks;
    }
}
