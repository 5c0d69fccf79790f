package io.trawl.sources;

import java.time.Duration;

/**
 * One limit a source imposes: at most {@code limit} weight in a window of {@code period}.
 *
 * @param limit weight the source allows per window (requests when every request weighs 1)
 * @param period length of the window, 1 ms to 1 day
 * @param fixed whether windows are aligned to the clock (a new budget at every whole period, as Binance's
 *     per-minute weights) rather than sliding (any span of {@code period} holds at most {@code limit})
 */
public record RateWindow(long limit, Duration period, boolean fixed) {

    /** The longest sliding window: its cost grows with the requests it holds. Longer quotas are fixed windows. */
    public static final Duration MAX_SLIDING = Duration.ofHours(1);

    private static final Duration MAX_PERIOD = Duration.ofDays(1);

    public RateWindow {
        if (limit < 1 || limit > 100_000_000) {
            throw new IllegalArgumentException("window limit must be 1..100000000 but was " + limit);
        }
        if (period == null || period.toMillis() < 1 || period.compareTo(MAX_PERIOD) > 0) {
            throw new IllegalArgumentException("window period must be 1ms..1d but was " + period);
        }
        if (!fixed && period.compareTo(MAX_SLIDING) > 0) {
            throw new IllegalArgumentException(
                    "a sliding window may last at most " + MAX_SLIDING + " but was " + period + "; use fixed: true");
        }
    }

    /** A sliding one-second window of {@code cps} requests. */
    public static RateWindow perSecond(long cps) {
        return new RateWindow(cps, Duration.ofSeconds(1), false);
    }

    /** E.g. {@code 6000/1m fixed}. */
    @Override
    public String toString() {
        return limit + "/" + period.toString().substring(2).toLowerCase(java.util.Locale.ROOT)
                + (fixed ? " fixed" : "");
    }
}
