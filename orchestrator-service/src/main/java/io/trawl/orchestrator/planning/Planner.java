package io.trawl.orchestrator.planning;

import io.trawl.messages.CollectTask;
import io.trawl.sources.ObjectKeys;
import io.trawl.sources.SourceDefinition;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Splits a collection into one task per source × symbol × month, with deterministic ids and keys. The current
 * month is still growing: a source that publishes daily archives gets one task per complete day of it
 * instead. In incremental mode, what is already stored is left out: whole months, and days of the current
 * month; so a growing month is fetched again only for its new days. Months the source recently had no data
 * for (checked-absent) are left out too, until their marker is old enough to be checked again.
 */
public final class Planner {

    /** What is already stored for a source's symbol at an interval. */
    @FunctionalInterface
    public interface Collected {
        StoredPartitions of(String source, String interval, String symbol);

        /** Nothing collected: every partition is planned. */
        Collected NONE = (source, interval, symbol) -> StoredPartitions.NONE;
    }

    private final Map<String, SourceDefinition> sources;

    public Planner(Map<String, SourceDefinition> sources) {
        this.sources = Map.copyOf(sources);
    }

    /**
     * The tasks of job {@code jobId} as of {@code today}, ordered by source, symbol, then month, leaving out
     * what {@code collected} holds.
     */
    public List<PlannedTask> plan(String jobId, CollectionSpec spec, Collected collected, LocalDate today) {
        List<PlannedTask> tasks = new ArrayList<>(Math.toIntExact(spec.taskCount()));
        YearMonth current = YearMonth.from(today);
        for (String source : spec.sources()) {
            SourceDefinition definition = sources.get(source);
            for (String symbol : spec.symbols()) {
                StoredPartitions stored = collected.of(source, spec.interval(), symbol);
                for (YearMonth month : spec.months().months()) {
                    if (month.equals(current) && definition.hasDailyArchives()) {
                        for (int day = 1; day < today.getDayOfMonth(); day++) {
                            if (!stored.days().contains(month.atDay(day))) {
                                tasks.add(dayTask(jobId, spec, definition, source, symbol, month.atDay(day)));
                            }
                        }
                    } else if (month.equals(current)
                            || !(stored.months().contains(month)
                                    || stored.noData().contains(month))) {
                        tasks.add(monthTask(jobId, spec, definition, source, symbol, month));
                    }
                }
            }
        }
        return tasks;
    }

    private static PlannedTask monthTask(
            String jobId,
            CollectionSpec spec,
            SourceDefinition definition,
            String source,
            String symbol,
            YearMonth month) {
        CollectTask task = task(
                CollectTask.idFor(jobId, source, symbol, spec.interval(), month),
                spec,
                definition,
                source,
                symbol,
                month);
        return new PlannedTask(
                task,
                ObjectKeys.of(source, definition.dataset(), spec.interval(), symbol, month, definition.extension()));
    }

    private static PlannedTask dayTask(
            String jobId,
            CollectionSpec spec,
            SourceDefinition definition,
            String source,
            String symbol,
            LocalDate day) {
        CollectTask task = task(
                        CollectTask.idFor(jobId, source, symbol, spec.interval(), day),
                        spec,
                        definition,
                        source,
                        symbol,
                        YearMonth.from(day))
                .forDay(day.getDayOfMonth());
        return new PlannedTask(
                task,
                ObjectKeys.ofDay(source, definition.dataset(), spec.interval(), symbol, day, definition.extension()));
    }

    private static CollectTask task(
            String id,
            CollectionSpec spec,
            SourceDefinition definition,
            String source,
            String symbol,
            YearMonth month) {
        return new CollectTask(id, source, definition.dataset(), symbol, spec.interval(), month, 1, spec.concurrency())
                .withTimeoutMillis(
                        spec.jobTimeout() == null ? 0 : spec.jobTimeout().toMillis());
    }
}
