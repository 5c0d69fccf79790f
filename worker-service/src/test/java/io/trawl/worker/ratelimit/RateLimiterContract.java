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

    /** Adaptive recovery and in-flight expiry of a limiter under test. */
    record LimiterSettings(double recoveryPerSecond, Duration inFlightTtl) {}

    /** A limiter with the given settings, state isolated per test. */
    abstract RateLimiter limiter(LimiterSettings settings);

    RateLimiter limiter(double recoveryPerSecond) {
        return limiter(new LimiterSettings(recoveryPerSecond, Duration.ofMinutes(2)));
    }

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
    void aSlowAnswerCountsUntilItArrivesSoTheNextWindowWaitsForIt() throws Exception {
        RateLimiter limiter = limiter(0.05);
        String source = freshSource();
        SourceLimits limits = new SourceLimits(3, 3, 1.0, 0);
        long started = System.nanoTime();
        for (int i = 0; i < 3; i++) {
            assertThat(reserve(limiter, source, limits, "slow-" + i).delay()).isZero();
        }
        sleep(Duration.ofMillis(400));
        for (int i = 0; i < 3; i++) {
            limiter.complete(source, "slow-" + i);
        }

        Reservation next = reserve(limiter, source, limits, "next");

        double slotMillis = (System.nanoTime() - started) / 1e6 + next.delay().toMillis();
        assertThat(slotMillis).as("a second after the slow answers came back").isBetween(1_390.0, 1_600.0);
    }

    @Test
    void aSaturatedLimitAnswersAskAgainAndAbandonedRequestsExpire() {
        LimiterSettings settings = new LimiterSettings(0.05, Duration.ofMillis(300));
        RateLimiter limiter = limiter(settings);
        String source = freshSource();
        SourceLimits limits = new SourceLimits(2, 2, 1.0, 0);
        reserve(limiter, source, limits, "a");
        reserve(limiter, source, limits, "b");

        assertThat(limiter.reserve(source, limits, "c")).as("two in flight").isEmpty();
        sleep(Duration.ofMillis(350));
        assertThat(limiter.reserve(source, limits, "c"))
                .as("their worker died; they expired")
                .isPresent();
    }

    @Test
    void throttlePausesTheSourceAndHalvesItsRateThenItRecovers() {
        RateLimiter limiter = limiter(2.0);
        String source = freshSource();
        SourceLimits limits = new SourceLimits(10, 10, 1.0, 0);
        reserve(limiter, source, limits, "first");
        limiter.complete(source, "first");

        Duration pause = limiter.throttle(source, Duration.ofMillis(400));
        limiter.throttle(source, Duration.ofMillis(400));
        Reservation afterPause = reserve(limiter, source, limits, "after");

        assertThat(pause).isBetween(Duration.ofMillis(350), Duration.ofMillis(400));
        assertThat(afterPause.delay()).isGreaterThan(Duration.ofMillis(300));
        assertThat(afterPause.effectiveRate()).as("halved once per pause").isBetween(5.0, 7.0);
        sleep(Duration.ofMillis(600));
        assertThat(reserve(limiter, source, limits, "later").effectiveRate())
                .as("recovered")
                .isEqualTo(10.0);
    }

    @Test
    void sourcesDoNotShareSlots() {
        RateLimiter limiter = limiter(0.05);
        String busy = freshSource();
        String idle = freshSource();
        SourceLimits limits = new SourceLimits(2, 2, 1.0, 0);
        reserve(limiter, busy, limits, "busy-1");
        reserve(limiter, busy, limits, "busy-2");

        assertThat(limiter.reserve(busy, limits, "busy-3"))
                .as("busy is saturated")
                .isEmpty();
        assertThat(reserve(limiter, idle, limits, "idle").delay()).isZero();
    }

    static List<Long> sendConcurrently(
            RateLimiter limiter, String source, SourceLimits limits, int threads, int requests) throws Exception {
        List<Long> sends = Collections.synchronizedList(new ArrayList<>());
        try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
            for (int i = 0; i < requests; i++) {
                String permit = "p-" + i;
                pool.submit(() -> {
                    Reservation reservation = reserveWaiting(limiter, source, limits, permit);
                    sleep(reservation.delay());
                    sends.add(System.nanoTime());
                    limiter.complete(source, permit);
                    return null;
                });
            }
        }
        assertThat(sends).hasSize(requests);
        return sends;
    }

    /** Reserves, asking again while the limit's worth of requests is in flight. */
    static Reservation reserveWaiting(RateLimiter limiter, String source, SourceLimits limits, String permit) {
        while (true) {
            var reservation = limiter.reserve(source, limits, permit);
            if (reservation.isPresent()) {
                return reservation.get();
            }
            sleep(Duration.ofMillis(5));
        }
    }

    static Reservation reserve(RateLimiter limiter, String source, SourceLimits limits, String permit) {
        return limiter.reserve(source, limits, permit).orElseThrow(() -> new AssertionError("limit saturated"));
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
