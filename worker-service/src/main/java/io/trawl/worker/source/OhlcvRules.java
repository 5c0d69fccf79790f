package io.trawl.worker.source;

import io.trawl.messages.Partition;
import java.time.Instant;

/**
 * The OHLCV rules every candle obeys, whichever way it was fetched (a CSV row of an archive, a JSON candle of a
 * REST API): high bounds open and close from above, low from below, volume is not negative, the open time falls
 * inside the task's partition and comes after the previous candle's (a duplicate or out-of-order row is an error).
 * One instance checks one partition's candles in order, in constant memory.
 */
public final class OhlcvRules {

    private final long fromMillis;
    private final long untilMillis;
    private final long stepMillis;
    private long first = Long.MIN_VALUE;
    private long previous = Long.MIN_VALUE;
    private long rows;
    private long gaps;

    /**
     * Rules for {@code partition}'s candles; with a positive {@code stepMillis} (a market that trades without
     * pause) a missing candle between two present ones is counted as a gap.
     */
    public OhlcvRules(Partition partition, long stepMillis) {
        this.fromMillis = partition.start().toEpochMilli();
        this.untilMillis = partition.end().toEpochMilli();
        this.stepMillis = stepMillis;
    }

    /** The candles checked so far as a validation result of {@code fetched}. */
    public Validated result(Fetched fetched) {
        return new Validated(
                fetched,
                rows,
                rows == 0 ? null : Instant.ofEpochMilli(first),
                rows == 0 ? null : Instant.ofEpochMilli(previous),
                gaps);
    }

    /**
     * Checks one candle; {@code what} and {@code line} name it in the error (e.g. {@code data.csv line 7}: built
     * only then, so checking a row allocates nothing), {@code url} where it came from.
     */
    public void check(
            String url,
            String what,
            long line,
            long openMillis,
            double open,
            double high,
            double low,
            double close,
            double volume) {
        if (high < Math.max(open, close)) {
            throw SourceFailure.validation(
                    url,
                    where(what, line) + ": high " + high + " is below max(open " + open + ", close " + close + ")");
        }
        if (low > Math.min(open, close)) {
            throw SourceFailure.validation(
                    url, where(what, line) + ": low " + low + " is above min(open " + open + ", close " + close + ")");
        }
        if (volume < 0 || Double.isNaN(volume)) {
            throw SourceFailure.validation(url, where(what, line) + ": volume " + volume + " is negative");
        }
        if (openMillis < fromMillis || openMillis >= untilMillis) {
            throw SourceFailure.validation(
                    url,
                    where(what, line) + ": open time " + Instant.ofEpochMilli(openMillis) + " is outside the partition "
                            + Instant.ofEpochMilli(fromMillis) + " .. " + Instant.ofEpochMilli(untilMillis));
        }
        if (openMillis <= previous) {
            throw SourceFailure.validation(
                    url,
                    where(what, line) + ": open time " + Instant.ofEpochMilli(openMillis)
                            + (openMillis == previous
                                    ? " appears twice"
                                    : " is before the previous row's " + Instant.ofEpochMilli(previous)
                                            + " (rows must be in ascending open time)"));
        }
        if (stepMillis > 0 && previous != Long.MIN_VALUE && openMillis - previous > stepMillis) {
            gaps += (openMillis - previous) / stepMillis - 1;
        }
        if (first == Long.MIN_VALUE) {
            first = openMillis;
        }
        previous = openMillis;
        rows++;
    }

    private static String where(String what, long line) {
        return what + " line " + line;
    }
}
