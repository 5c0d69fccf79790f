package io.trawl.simulator;

import java.util.ArrayDeque;

/**
 * Counts one source's requests in the sliding second before each arrival. It both enforces the source's
 * limit (an arrival that finds the window full is a violation, answered 429) and measures the largest number
 * of arrivals seen in any sliding second, which is how a real exchange would judge a client.
 */
final class SlidingWindowCounter {

    private static final long WINDOW_NANOS = 1_000_000_000L;

    private final int limit;
    private final ArrayDeque<Long> arrivals = new ArrayDeque<>();
    private long requests;
    private long violations;
    private int maxInWindow;
    private int inFlight;
    private int maxInFlight;

    SlidingWindowCounter(int limit) {
        this.limit = limit;
    }

    /** Records an arrival at {@code nanoTime}; answers whether it is within the limit. */
    synchronized boolean arrive(long nanoTime) {
        while (!arrivals.isEmpty() && nanoTime - arrivals.peekFirst() >= WINDOW_NANOS) {
            arrivals.pollFirst();
        }
        arrivals.addLast(nanoTime);
        requests++;
        maxInWindow = Math.max(maxInWindow, arrivals.size());
        if (limit > 0 && arrivals.size() > limit) {
            violations++;
            return false;
        }
        return true;
    }

    /** A request within the limit started being served. */
    synchronized void begin() {
        inFlight++;
        maxInFlight = Math.max(maxInFlight, inFlight);
    }

    /** A request started with {@link #begin()} was answered. */
    synchronized void end() {
        inFlight--;
    }

    synchronized SourceStats stats(String source) {
        return new SourceStats(source, limit, requests, violations, maxInWindow, maxInFlight, 0, 0, 0, 0, 0);
    }
}
