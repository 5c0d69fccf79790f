package io.trawl.worker.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import io.trawl.sources.SourceLimits;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

/**
 * What every {@link RateLimiter} must do. Requests are "sent" when their reservation says, from many
 * threads at once, and judged the way a source judges them: by counting sends in every sliding second.
 */
abstract class RateLimiterContract {

    /** A limiter with the given adaptive settings, state isolated per test. */
    abstract RateLimiter limiter(double recoveryPerSecond);

    /** A source id no other test uses. */
    abstract String freshSource();

    @Test
    void neverLetsMoreThanTheLimitIntoAnySlidingSecondAndUsesItFully() throws Exception {
        RateLimiter limiter = limiter(0.05);
        String source = freshSource();
        SourceLimits limits = new SourceLimits(15, 15, 1.0, 0);

        List<Long> sends = sendConcurrently(limiter, source, limits, 8, 60);

        assertThat(maxInAnySlidingSecond(sends)).isLessThanOrEqualTo(15);
        double seconds = (Collections.max(sends) - Collections.min(sends)) / 1e9;
        assertThat(seconds).as("60 requests at 15/s need just over 3 s").isBetween(3.0, 3.6);
    }

    @Test
    void burstOfOneSpacesRequestsEvenly() throws Exception {
        RateLimiter limiter = limiter(0.05);
        String source = freshSource();

        List<Long> sends = sendConcurrently(limiter, source, new SourceLimits(10, 1, 1.0, 0), 4, 12);

        Collections.sort(sends);
        for (int i = 1; i < sends.size(); i++) {
            assertThat((sends.get(i) - sends.get(i - 1)) / 1e6).as("gap %d", i).isGreaterThan(90);
        }
    }

    @Test
    void safetyFactorLowersTheRate() throws Exception {
        RateLimiter limiter = limiter(0.05);
        String source = freshSource();

        List<Long> sends = sendConcurrently(limiter, source, new SourceLimits(20, 20, 0.5, 0), 4, 30);

        assertThat(maxInAnySlidingSecond(sends)).isLessThanOrEqualTo(10);
    }

    @Test
    void throttlePausesTheSourceAndHalvesItsRateThenItRecovers() {
        RateLimiter limiter = limiter(2.0);
        String source = freshSource();
        SourceLimits limits = new SourceLimits(10, 10, 1.0, 0);
        limiter.reserve(source, limits);

        Duration pause = limiter.throttle(source, Duration.ofMillis(400));
        Reservation afterPause = limiter.reserve(source, limits);

        assertThat(pause).isBetween(Duration.ofMillis(350), Duration.ofMillis(400));
        assertThat(afterPause.delay()).isGreaterThan(Duration.ofMillis(300));
        assertThat(afterPause.effectiveRate()).isBetween(5.0, 7.0);
        sleep(Duration.ofMillis(600));
        assertThat(limiter.reserve(source, limits).effectiveRate())
                .as("recovered")
                .isEqualTo(10.0);
    }

    @Test
    void sourcesDoNotShareSlots() {
        RateLimiter limiter = limiter(0.05);
        String busy = freshSource();
        String idle = freshSource();
        SourceLimits limits = new SourceLimits(2, 2, 1.0, 0);
        for (int i = 0; i < 6; i++) {
            limiter.reserve(busy, limits);
        }

        assertThat(limiter.reserve(idle, limits).delay()).isZero();
    }

    static List<Long> sendConcurrently(
            RateLimiter limiter, String source, SourceLimits limits, int threads, int requests) throws Exception {
        List<Long> sends = Collections.synchronizedList(new ArrayList<>());
        try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
            for (int i = 0; i < requests; i++) {
                pool.submit(() -> {
                    Reservation reservation = limiter.reserve(source, limits);
                    sleep(reservation.delay());
                    sends.add(System.nanoTime());
                    return null;
                });
            }
        }
        assertThat(sends).hasSize(requests);
        return sends;
    }

    static int maxInAnySlidingSecond(List<Long> sends) {
        List<Long> sorted = new ArrayList<>(sends);
        Collections.sort(sorted);
        int max = 0;
        int start = 0;
        for (int end = 0; end < sorted.size(); end++) {
            while (sorted.get(end) - sorted.get(start) >= 1_000_000_000L) {
                start++;
            }
            max = Math.max(max, end - start + 1);
        }
        return max;
    }

    static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
