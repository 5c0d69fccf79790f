package io.trawl.orchestrator.collection;

import io.trawl.messages.Priority;
import java.util.List;

/**
 * {@code POST /collections} body. Either {@code symbols} or {@code market} (optionally with {@code sector})
 * selects the instruments.
 *
 * @param sources configured source ids
 * @param symbols explicit symbols, e.g. {@code ["BTCUSDT","ETHUSDT"]}
 * @param market catalog market, e.g. {@code crypto}
 * @param sector catalog sector within the market, e.g. {@code defi}
 * @param timeframe candle interval, e.g. {@code 1d}; default: the first interval of the first source
 * @param from start: a month {@code YYYY-MM}, a date {@code YYYY-MM-DD} or a date-time (UTC unless it has an
 *     offset); archives are collected for every month the range touches, windowed sources (REST candles) from
 *     exactly this instant
 * @param to end: a month or date (inclusive) or a date-time (exclusive)
 * @param priority {@code LOW}, {@code NORMAL} (default), {@code HIGH}, {@code URGENT}
 * @param mode {@code FULL} (default) or {@code INCREMENTAL}: only partitions not yet stored, plus the
 *     current month, which grows
 * @param parallel {@code false} runs the job's tasks one at a time (concurrency 1); default {@code true}
 * @param concurrency most of the job's tasks running at once across the cluster; default no limit
 * @param timeout per-attempt timeout of every task, e.g. {@code 45s}, {@code 2m} or {@code PT45S}; default
 *     each source's own ({@code trawl.sources.<id>.timeout}, 30 s unless set)
 * @param pauseAfterFailures failed tasks after which the job pauses itself; 0 = never; default
 *     {@code trawl.orchestrator.pause-after-failures}
 */
public record CollectionRequest(
        List<String> sources,
        List<String> symbols,
        String market,
        String sector,
        String timeframe,
        String from,
        String to,
        Priority priority,
        Mode mode,
        Boolean parallel,
        Integer concurrency,
        String timeout,
        Integer pauseAfterFailures) {

    /** How much to collect. */
    public enum Mode {
        /** Every partition in the range. */
        FULL,
        /** Only partitions not yet collected. */
        INCREMENTAL
    }
}
