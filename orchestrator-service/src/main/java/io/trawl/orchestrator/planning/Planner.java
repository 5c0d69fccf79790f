package io.trawl.orchestrator.planning;

import io.trawl.messages.CollectTask;
import io.trawl.messages.Partition;
import io.trawl.sources.Intervals;
import io.trawl.sources.ObjectKeys;
import io.trawl.sources.SourceDefinition;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Splits a collection into tasks with deterministic ids and keys, by the partitions each source's kind is
 * collected in:
 *
 * <ul>
 *   <li>archives: one task per symbol × month. The current month is still growing: a source that publishes daily
 *       archives gets one task per complete day of it instead. In incremental mode, what is already stored is left
 *       out (whole months, and days of the current month), and so are months the source recently had no data
 *       for, until their marker is old enough to be checked again.
 *   <li>windowed sources (REST candles): one time window per symbol × group of calendar months of the range (as
 *       many months, up to a year, as one request of the API may span: {@link SourceDefinition#monthsPerTask}),
 *       cut at the range's ends and at the last closed candle (now, floored to the interval), and into pieces of
 *       at most {@link SourceDefinition#taskSpan} when a month would take more requests than a task should make. In incremental mode only the
 *       parts no stored window covers are planned: after a run up to yesterday, the next asks only from the last
 *       stored candle on.
 *   <li>snapshot sources (feeds): one snapshot per symbol, taken now; the range does not apply, and what is new
 *       since the last snapshot is the connector's to tell.
 * </ul>
 */
public final class Planner {

    /** What is already stored for a source's symbol at an interval. */
    @FunctionalInterface
    public interface Collected {
        StoredPartitions of(String source, String interval, String symbol);

        /** Nothing collected: every partition is planned. */
        Collected NONE = (source, interval, symbol) -> StoredPartitions.NONE;
    }

    /** Groups of months are counted from here, so the same range always gives the same windows. */
    private static final YearMonth EPOCH_MONTH = YearMonth.of(1970, 1);

    private final Map<String, SourceDefinition> sources;

    public Planner(Map<String, SourceDefinition> sources) {
        this.sources = Map.copyOf(sources);
    }

    /**
     * The tasks of job {@code jobId} as of {@code now}, ordered by source, symbol, then partition, leaving out
     * what {@code collected} holds.
     */
    public List<PlannedTask> plan(String jobId, CollectionSpec spec, Collected collected, Instant now) {
        return plan(jobId, spec, collected, now, 0, spec.units());
    }

    /**
     * The tasks of the units {@code [from, to)} of job {@code jobId} (a unit is one source × symbol, in the
     * order of {@link CollectionSpec#units}): what one batch of a lazily planned job dispatches. Every batch of a
     * job is planned as of the same {@code now}, so the batches add up to the whole plan.
     */
    public List<PlannedTask> plan(
            String jobId, CollectionSpec spec, Collected collected, Instant now, long from, long to) {
        List<PlannedTask> tasks = new ArrayList<>();
        for (long unit = from; unit < to; unit++) {
            String source = spec.sourceOf(unit);
            String symbol = spec.symbolOf(unit);
            SourceDefinition definition = sources.get(source);
            StoredPartitions stored = collected.of(source, spec.interval(), symbol);
            for (Partition partition : partitions(spec, definition, stored, now)) {
                tasks.add(task(jobId, spec, definition, source, symbol, partition));
            }
        }
        return tasks;
    }

    /**
     * How many tasks a full collection plans per symbol of each source, as of {@code now}: a full plan's
     * partitions do not depend on the symbol, so the totals of a job of any size come without planning it.
     */
    public Map<String, Long> tasksPerSymbol(CollectionSpec spec, Instant now) {
        Map<String, Long> counts = new java.util.LinkedHashMap<>();
        for (String source : spec.sources()) {
            counts.put(source, (long) partitions(spec, sources.get(source), StoredPartitions.NONE, now)
                    .size());
        }
        return counts;
    }

    private static List<Partition> partitions(
            CollectionSpec spec, SourceDefinition definition, StoredPartitions stored, Instant now) {
        return definition.snapshots()
                ? List.of(new Partition.Snapshot(now.truncatedTo(java.time.temporal.ChronoUnit.SECONDS)))
                : definition.windowed()
                        ? windows(spec, definition, stored, now)
                        : archives(spec, definition, stored, LocalDate.ofInstant(now, ZoneOffset.UTC));
    }

    private static List<Partition> archives(
            CollectionSpec spec, SourceDefinition definition, StoredPartitions stored, LocalDate today) {
        List<Partition> partitions = new ArrayList<>();
        YearMonth current = YearMonth.from(today);
        for (YearMonth month : spec.months().months()) {
            if (month.equals(current) && definition.hasDailyArchives()) {
                for (int day = 1; day < today.getDayOfMonth(); day++) {
                    if (!stored.days().contains(month.atDay(day))) {
                        partitions.add(new Partition.Day(month.atDay(day)));
                    }
                }
            } else if (month.equals(current)
                    || !(stored.months().contains(month) || stored.noData().contains(month))) {
                partitions.add(new Partition.Month(month));
            }
        }
        return partitions;
    }

    private static List<Partition> windows(
            CollectionSpec spec, SourceDefinition definition, StoredPartitions stored, Instant now) {
        Duration interval = Intervals.duration(spec.interval());
        Duration span = definition.taskSpan(spec.interval());
        Instant closed =
                Instant.ofEpochSecond(now.getEpochSecond() - Math.floorMod(now.getEpochSecond(), interval.toSeconds()));
        Instant until = spec.until().isAfter(closed) ? closed : spec.until();
        int group = definition.monthsPerTask(spec.interval());
        List<Partition> partitions = new ArrayList<>();
        YearMonth previous = null;
        for (YearMonth month : spec.months().months()) {
            YearMonth first = EPOCH_MONTH.plusMonths(
                    Math.floorDiv(EPOCH_MONTH.until(month, java.time.temporal.ChronoUnit.MONTHS), group) * group);
            if (first.equals(previous)) {
                continue;
            }
            previous = first;
            Instant groupStart = new Partition.Month(first).start();
            Instant groupEnd = new Partition.Month(first.plusMonths(group - 1)).end();
            Instant from = groupStart.isBefore(spec.from()) ? spec.from() : groupStart;
            Instant end = groupEnd.isAfter(until) ? until : groupEnd;
            if (!end.isAfter(from)) {
                continue;
            }
            List<Partition.Window> wanted =
                    spec.incremental() ? stored.uncovered(from, end) : List.of(new Partition.Window(from, end));
            for (Partition.Window window : wanted) {
                partitions.addAll(cut(window, groupStart, span));
            }
        }
        return partitions;
    }

    /**
     * {@code window} cut at the boundaries {@code origin + k × span}: the same range always gives the same
     * windows, so task ids and object keys stay deterministic.
     */
    private static List<Partition.Window> cut(Partition.Window window, Instant origin, Duration span) {
        List<Partition.Window> pieces = new ArrayList<>();
        long step = span.toSeconds();
        Instant start = window.from();
        while (start.isBefore(window.until())) {
            long k = Math.floorDiv(start.getEpochSecond() - origin.getEpochSecond(), step);
            Instant boundary = origin.plusSeconds((k + 1) * step);
            Instant end = boundary.isBefore(window.until()) ? boundary : window.until();
            pieces.add(new Partition.Window(start, end));
            start = end;
        }
        return pieces;
    }

    private static PlannedTask task(
            String jobId,
            CollectionSpec spec,
            SourceDefinition definition,
            String source,
            String symbol,
            Partition partition) {
        CollectTask task = new CollectTask(
                        CollectTask.idFor(jobId, source, symbol, spec.interval(), partition),
                        source,
                        definition.dataset(),
                        symbol,
                        spec.interval(),
                        partition,
                        1,
                        spec.concurrency())
                .withTimeoutMillis(
                        spec.jobTimeout() == null ? 0 : spec.jobTimeout().toMillis());
        return new PlannedTask(
                task,
                ObjectKeys.of(
                        source, definition.dataset(), spec.interval(), symbol, partition, definition.extension()));
    }
}
