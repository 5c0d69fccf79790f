package io.trawl.orchestrator.planning;

import io.trawl.messages.Priority;
import io.trawl.sources.MonthRange;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A validated collection request, ready to plan.
 *
 * @param sources source ids, each configured
 * @param symbols the symbols to collect, explicit or resolved from the catalog
 * @param interval candle interval, offered by every source
 * @param months the months the range touches (the partitions of archives)
 * @param from first instant of the range (windowed sources start here)
 * @param until end of the range, exclusive
 * @param priority job priority
 * @param concurrency most of its tasks running at once across the cluster; 0 = no limit
 * @param jobTimeout per-attempt timeout the job sets for all its tasks, or null for each source's own
 * @param timeouts the effective per-attempt timeout of each source in this job
 * @param pauseAfterFailures failed tasks after which the job pauses itself; 0 = never
 * @param toleratedFailureRatio share of tasks that may fail for the job to still end COMPLETED
 * @param incremental plan only partitions not yet in the object store (plus the current, growing month)
 */
public record CollectionSpec(
        List<String> sources,
        List<String> symbols,
        String interval,
        MonthRange months,
        Instant from,
        Instant until,
        Priority priority,
        int concurrency,
        Duration jobTimeout,
        Map<String, Duration> timeouts,
        int pauseAfterFailures,
        double toleratedFailureRatio,
        boolean incremental) {

    public CollectionSpec {
        sources = List.copyOf(sources);
        symbols = List.copyOf(symbols);
        timeouts = Map.copyOf(timeouts);
    }

    /** Number of tasks a full collection plans. */
    public long taskCount() {
        return (long) sources.size() * symbols.size() * months.size();
    }

    /** Units of planning: one per source × symbol, source by source, symbols in request order. */
    public long units() {
        return (long) sources.size() * symbols.size();
    }

    /** The source of planning unit {@code unit}. */
    public String sourceOf(long unit) {
        return sources.get(Math.toIntExact(unit / symbols.size()));
    }

    /** The symbol of planning unit {@code unit}. */
    public String symbolOf(long unit) {
        return symbols.get(Math.toIntExact(unit % symbols.size()));
    }

    /** The per-attempt timeout of a source's tasks. */
    public Duration timeoutOf(String source) {
        return timeouts.get(source);
    }

    /** How many of {@code tasks} may fail with the job still COMPLETED. */
    public long toleratedFailures(long tasks) {
        return (long) Math.floor(tasks * toleratedFailureRatio);
    }

    /** {@code FULL} or {@code INCREMENTAL}. */
    public String mode() {
        return incremental ? "INCREMENTAL" : "FULL";
    }
}
