package io.trawl.worker.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import io.trawl.sources.Counting;
import io.trawl.sources.SourceLimits;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class LatenessTest {

    @Test
    void keepsTheLargestRecentDelayAndIgnoresEarliness() {
        Lateness lateness = new Lateness();
        assertThat(lateness.current()).isEqualTo(Duration.ZERO);

        lateness.observe(Duration.ofMillis(30).toNanos());
        lateness.observe(Duration.ofMillis(5).toNanos());
        lateness.observe(-Duration.ofMillis(50).toNanos());

        assertThat(lateness.current()).isBetween(Duration.ofMillis(29), Duration.ofMillis(30));
    }

    @Test
    void decaysByHalfEveryHalfLife() {
        AtomicLong now = new AtomicLong(1_000);
        Lateness lateness = new Lateness(now::get);
        lateness.observe(Duration.ofMillis(80).toNanos());

        now.addAndGet(Lateness.HALF_LIFE.toNanos());
        assertThat(lateness.current()).isEqualTo(Duration.ofMillis(40));
        now.addAndGet(Lateness.HALF_LIFE.toNanos());
        assertThat(lateness.current()).isEqualTo(Duration.ofMillis(20));
        lateness.observe(Duration.ofMillis(5).toNanos());
        assertThat(lateness.current())
                .as("a smaller delay keeps the decayed maximum")
                .isEqualTo(Duration.ofMillis(20));
    }

    @Test
    void widensOnlyTheArrivalBoundOfRequestsCountedByArrival() {
        SourceLimits arrival = new SourceLimits(15, 1, 1.0, 0, List.of(), 1, Counting.ARRIVAL, Duration.ofMillis(20));

        assertThat(arrival.arrivingUpTo(Duration.ofMillis(35)).oneWayDelay()).isEqualTo(Duration.ofMillis(55));
        assertThat(arrival.arrivingUpTo(Duration.ofMinutes(5)).oneWayDelay()).isEqualTo(Duration.ofSeconds(10));
        assertThat(arrival.countingUntilAnswer()
                        .arrivingUpTo(Duration.ofMillis(35))
                        .oneWayDelay())
                .isEqualTo(Duration.ofMillis(20));
        // reserving: a clock window's end is crossed late whatever the counting
        assertThat(arrival.countingUntilAnswer()
                        .leavingUpTo(Duration.ofMillis(35))
                        .oneWayDelay())
                .isEqualTo(Duration.ofMillis(55));
    }
}
