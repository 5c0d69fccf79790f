package io.trawl.worker.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import io.trawl.sources.Counting;
import io.trawl.sources.SourceLimits;
import java.time.Duration;
import java.util.List;
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
    void decaysByHalfEveryHalfLife() throws InterruptedException {
        Lateness lateness = new Lateness();
        lateness.observe(Duration.ofSeconds(100).toNanos());
        Thread.sleep(200);
        // 200 ms of a 10 s half-life: 2^-0.02 = 0.9862
        assertThat(lateness.current().toMillis()).isBetween(98_000L, 98_700L);
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
    }
}
