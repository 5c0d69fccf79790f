package io.trawl.worker.ratelimit;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * How late this worker's threads run: the largest recent delay between the moment a thread should have woken
 * (its slot) or been answered (its clearance) and the moment it did, decaying by half every
 * {@link #HALF_LIFE}. A CPU-starved worker (JIT compilation at start-up, a garbage collection, a busy machine)
 * sends a cleared request just as late, so a request counted by arrival is given that much more time to arrive.
 */
final class Lateness {

    static final Duration HALF_LIFE = Duration.ofSeconds(10);
    private static final double LN2 = Math.log(2);

    private final LongSupplier clock;
    private double nanos;
    private long at;

    Lateness() {
        this(System::nanoTime);
    }

    /** With {@code clock} as the source of {@link System#nanoTime()}-like readings. */
    Lateness(LongSupplier clock) {
        this.clock = clock;
        this.at = clock.getAsLong();
    }

    /** Records one delay, in nanoseconds. */
    synchronized void observe(long delay) {
        long now = clock.getAsLong();
        nanos = Math.max(decayed(now), Math.max(0, delay));
        at = now;
    }

    /** The largest recent delay, decayed. */
    synchronized Duration current() {
        return Duration.ofNanos(Math.round(decayed(clock.getAsLong())));
    }

    private double decayed(long now) {
        return nanos * Math.exp(-LN2 * (now - at) / HALF_LIFE.toNanos());
    }
}
