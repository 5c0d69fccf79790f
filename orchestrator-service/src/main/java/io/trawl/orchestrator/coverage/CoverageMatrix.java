package io.trawl.orchestrator.coverage;

import java.time.YearMonth;
import java.util.List;
import java.util.Map;

/**
 * What a source holds for many symbols × months at once: what the console's heatmap draws. Each row is one
 * symbol's months as one character each (compact: 2,500 symbols × 120 months is a 300 KB answer).
 *
 * @param source source id
 * @param interval candle interval
 * @param from first month
 * @param to last month
 * @param symbols the rows' symbols, sorted
 * @param rows per symbol, one character per month from {@code from} to {@code to}: see {@link #LEGEND}
 * @param legend what each character means
 */
public record CoverageMatrix(
        String source,
        String interval,
        YearMonth from,
        YearMonth to,
        List<String> symbols,
        List<String> rows,
        Map<Character, String> legend) {

    public static final char COLLECTED = 'C';
    public static final char PARTIAL = 'P';
    public static final char NO_DATA = 'N';
    public static final char FAILED = 'F';
    public static final char MISSING = '-';

    /** The meaning of each cell character. */
    public static final Map<Character, String> LEGEND = Map.of(
            COLLECTED, "collected",
            PARTIAL, "partly collected (days or windows of the month)",
            NO_DATA, "no data at the source",
            FAILED, "failed in a recent job",
            MISSING, "missing");
}
