package io.trawl.sources;

import java.time.Duration;
import java.util.List;

/**
 * The limits a source imposes, enforced for the whole cluster.
 *
 * @param cps requests per second the source allows in any sliding second; 0 means no per-second limit
 * @param burst requests that may go out back to back, at most {@code cps}; default (0) 1: requests are spread
 *     evenly at 1/cps, so a source whose real limit is lower than configured answers one 429, not a burst of them
 * @param safetyFactor share of every limit Trawl uses, [0.05, 1]; e.g. 0.9 keeps 10% headroom; default 1
 * @param concurrency requests in flight at once for the source across all workers; 0 means no limit
 * @param windows further windows, each charged by every request's weight, e.g. {@code 6000/1m fixed}
 * @param weight what one request costs in every window (cps counts it as one request); default 1
 * @param counting how long a request counts: until its answer (default: safe whatever the network and the
 *     server's queues) or until its bounded arrival (full use of the limit at any latency, on the assumption
 *     that a request reaches the source's counter within {@code oneWayDelay})
 * @param oneWayDelay the longest time a request takes to reach the source (counting by arrival); default 20 ms
 */
public record SourceLimits(
        int cps,
        int burst,
        Double safetyFactor,
        int concurrency,
        List<RateWindow> windows,
        Integer weight,
        Counting counting,
        Duration oneWayDelay) {

    /** The one-way delay bound when a source sets none. */
    public static final Duration DEFAULT_ONE_WAY_DELAY = Duration.ofMillis(20);

    /** No limits. */
    public static final SourceLimits NONE = of(0, 0, 1.0, 0);

    public SourceLimits {
        if (cps < 0 || cps > 1_000_000) {
            throw new IllegalArgumentException("cps must be 0..1000000 but was " + cps);
        }
        if (burst < 0) {
            throw new IllegalArgumentException("burst must be >= 0 but was " + burst);
        }
        burst = cps == 0 ? 0 : burst == 0 ? 1 : Math.min(burst, cps);
        safetyFactor = safetyFactor == null ? 1.0 : safetyFactor;
        if (!(safetyFactor >= 0.05 && safetyFactor <= 1)) {
            throw new IllegalArgumentException("safety-factor must be between 0.05 and 1 but was " + safetyFactor);
        }
        if (concurrency < 0) {
            throw new IllegalArgumentException("concurrency must be >= 0 but was " + concurrency);
        }
        windows = windows == null ? List.of() : List.copyOf(windows);
        weight = weight == null ? 1 : weight;
        if (weight < 1) {
            throw new IllegalArgumentException("weight must be >= 1 but was " + weight);
        }
        for (RateWindow window : windows) {
            if (window.limit() * safetyFactor < weight) {
                throw new IllegalArgumentException("window " + window + " cannot fit one request of weight " + weight);
            }
        }
        counting = counting == null ? Counting.ANSWER : counting;
        oneWayDelay = oneWayDelay == null ? DEFAULT_ONE_WAY_DELAY : oneWayDelay;
        if (oneWayDelay.isNegative() || oneWayDelay.compareTo(Duration.ofSeconds(10)) > 0) {
            throw new IllegalArgumentException("one-way-delay must be 0..10s but was " + oneWayDelay);
        }
    }

    /**
     * Request-per-second limits only, the rest by default. (A factory, not a constructor: configuration binding
     * needs the record's canonical constructor to be its only one.)
     */
    public static SourceLimits of(int cps, int burst, double safetyFactor, int concurrency) {
        return new SourceLimits(
                cps, burst, safetyFactor, concurrency, List.of(), 1, Counting.ANSWER, DEFAULT_ONE_WAY_DELAY);
    }

    /** The same limits, each request counted until its answer. */
    public SourceLimits countingUntilAnswer() {
        return counting == Counting.ANSWER
                ? this
                : new SourceLimits(
                        cps, burst, safetyFactor, concurrency, windows, weight, Counting.ANSWER, oneWayDelay);
    }

    /**
     * The same limits with each request's arrival bound widened by {@code lateness} (capped at 10 s): how late
     * this worker's own requests may leave after being cleared.
     */
    public SourceLimits arrivingUpTo(Duration lateness) {
        return counting == Counting.ANSWER ? this : widened(lateness);
    }

    /**
     * The same limits with the arrival bound widened by {@code lateness} whatever the counting (capped at 10 s),
     * for reserving: a source counts its clock-aligned windows at arrival, so a request whose slot lies that close
     * to a window's end may land in the next one and is charged in both.
     */
    public SourceLimits leavingUpTo(Duration lateness) {
        return widened(lateness);
    }

    private SourceLimits widened(Duration lateness) {
        if (lateness.isZero()) {
            return this;
        }
        Duration bound = oneWayDelay.plus(lateness);
        Duration most = Duration.ofSeconds(10);
        return new SourceLimits(
                cps,
                burst,
                safetyFactor,
                concurrency,
                windows,
                weight,
                counting,
                bound.compareTo(most) > 0 ? most : bound);
    }

    /**
     * The windows a request is charged in, in the limiter's order: the sliding second of {@code cps} and, when
     * {@code burst} is below it, the pacing window that spaces the slots (B slots per B / cps: no source counts
     * it), then the configured windows (counting weight). {@link #countedWindows} of them count requests.
     */
    public List<RateWindow> chargedWindows() {
        List<RateWindow> all = new java.util.ArrayList<>();
        if (cps > 0) {
            all.add(RateWindow.perSecond(cps));
            // at least a millisecond long (a window's shortest): above 1,000/s the pacing spaces groups of slots
            long spaced = Math.max(burst, (cps + 999) / 1000);
            if (spaced < cps) {
                all.add(new RateWindow(spaced, Duration.ofNanos(1_000_000_000L * spaced / cps), false));
            }
        }
        all.addAll(windows);
        return all;
    }

    /** How many of the {@link #chargedWindows} count requests (the rest count weight). */
    public int countedWindows() {
        return chargedWindows().size() - windows.size();
    }

    /** Whether requests are rate limited. */
    public boolean rateLimited() {
        return cps > 0 || !windows.isEmpty();
    }

    /** Requests per second this allows at most, from its tightest window (weight included); 0 when unlimited. */
    public double requestsPerSecond() {
        double rate = Double.MAX_VALUE;
        if (cps > 0) {
            rate = cps;
        }
        for (RateWindow window : windows) {
            rate = Math.min(
                    rate, window.limit() / (double) weight / (window.period().toNanos() / 1e9));
        }
        return rate == Double.MAX_VALUE ? 0 : rate * safetyFactor;
    }
}
