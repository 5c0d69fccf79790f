package io.trawl.orchestrator.planning;

import io.trawl.messages.CollectTask;
import io.trawl.sources.ObjectKeys;
import io.trawl.sources.SourceDefinition;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Splits a collection into one task per source × symbol × month, with deterministic ids and keys. In
 * incremental mode, months already stored are left out, except the current month: it is still growing.
 */
public final class Planner {

    /** The months already stored for a source's symbol at an interval. */
    @FunctionalInterface
    public interface Collected {
        Set<YearMonth> months(String source, String interval, String symbol);

        /** Nothing collected: every month is planned. */
        Collected NONE = (source, interval, symbol) -> Set.of();
    }

    private final Map<String, SourceDefinition> sources;

    public Planner(Map<String, SourceDefinition> sources) {
        this.sources = Map.copyOf(sources);
    }

    /** The tasks of job {@code jobId} for every partition, ordered by source, symbol, then month. */
    public List<PlannedTask> plan(String jobId, CollectionSpec spec) {
        return plan(jobId, spec, Collected.NONE, YearMonth.now(java.time.ZoneOffset.UTC));
    }

    /**
     * The tasks of job {@code jobId}, leaving out months {@code collected} holds unless they are
     * {@code current} (a month still growing is fetched again).
     */
    public List<PlannedTask> plan(String jobId, CollectionSpec spec, Collected collected, YearMonth current) {
        List<PlannedTask> tasks = new ArrayList<>(Math.toIntExact(spec.taskCount()));
        long timeoutMillis = spec.jobTimeout() == null ? 0 : spec.jobTimeout().toMillis();
        for (String source : spec.sources()) {
            SourceDefinition definition = sources.get(source);
            for (String symbol : spec.symbols()) {
                Set<YearMonth> stored = collected.months(source, spec.interval(), symbol);
                for (YearMonth month : spec.months().months()) {
                    if (stored.contains(month) && !month.equals(current)) {
                        continue;
                    }
                    CollectTask task = new CollectTask(
                                    CollectTask.idFor(jobId, source, symbol, spec.interval(), month),
                                    source,
                                    definition.dataset(),
                                    symbol,
                                    spec.interval(),
                                    month,
                                    1,
                                    spec.concurrency())
                            .withTimeoutMillis(timeoutMillis);
                    String key = ObjectKeys.of(
                            source, definition.dataset(), spec.interval(), symbol, month, definition.extension());
                    tasks.add(new PlannedTask(task, key));
                }
            }
        }
        return tasks;
    }
}
