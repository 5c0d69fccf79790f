package io.trawl.worker.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import io.trawl.sources.Counting;
import io.trawl.sources.RateWindow;
import io.trawl.sources.SourceLimits;
import io.trawl.worker.source.PushBack;
import io.trawl.worker.source.ServerUsage;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

/**
 * What every {@link RateLimiter} must do. Requests are "sent" when their reservation says and their last
 * check clears them, from many threads at once, and judged the way a source judges them: by counting
 * arrivals in every window.
 */
abstract class RateLimiterContract {

    /** 100 weight per clock minute, 10 a request: what a source's used-weight header is read against. */
    private static final SourceLimits WEIGHT_PER_MINUTE =
            new SourceLimits(0, 0, 1.0, 0, List.of(new RateWindow(100, Duration.ofMinutes(1), true)), 10, null, null);

    /** A limiter with the given settings, state isolated per test. */
    abstract RateLimiter limiter(LimitProperties properties);

    /** Pauses and resumes a source as an operator would. */
    abstract void operatorPause(String source, boolean paused);

    RateLimiter limiter() {
        return limiter(TestLimits.properties());
    }

    /** A source id no other test uses. */
    abstract String freshSource();

    /** The limiter's clock (Redis time), in microseconds since the epoch. */
    abstract long clockMicros();

    static SourceLimits limits(int cps, int burst, double safety) {
        return SourceLimits.of(cps, burst, safety, 0);
    }

    static SourceLimits arrivalCounted(int cps) {
        return new SourceLimits(cps, cps, 1.0, 0, List.of(), 1, Counting.ARRIVAL, null);
    }

    static SourceLimits answerCounted(int cps) {
        return new SourceLimits(cps, cps, 1.0, 0, List.of(), 1, Counting.ANSWER, null);
    }

    @Test
    void neverLetsMoreThanTheLimitIntoAnySlidingSecondAndUsesItFully() throws Exception {
        RateLimiter limiter = limiter();
        String source = freshSource();

        List<Long> sends = sendConcurrently(limiter, source, limits(15, 15, 1.0), 8, 60, Duration.ZERO);

        assertThat(maxInAnyWindow(sends, Duration.ofSeconds(1))).isLessThanOrEqualTo(15);
        double seconds = (Collections.max(sends) - Collections.min(sends)) / 1e9;
        assertThat(seconds).as("60 requests at 15/s need just over 3 s").isBetween(3.0, 3.3);
    }

    @Test
    void slowAnswersDoNotSlowTheRateWhenCountingByArrival() throws Exception {
        RateLimiter limiter = limiter();
        String source = freshSource();

        List<Long> sends = sendConcurrently(limiter, source, arrivalCounted(10), 16, 40, Duration.ofMillis(600));

        assertThat(maxInAnyWindow(sends, Duration.ofSeconds(1))).isLessThanOrEqualTo(10);
        double seconds = (Collections.max(sends) - Collections.min(sends)) / 1e9;
        assertThat(seconds)
                .as("40 at 10/s with 600 ms answers still take about 3 s")
                .isBetween(3.0, 3.3);
    }

    @Test
    void countingUntilTheAnswerMakesTheNextWindowWaitForIt() {
        RateLimiter limiter = limiter();
        String source = freshSource();
        SourceLimits limits = answerCounted(3);
        long started = System.nanoTime();
        for (int i = 0; i < 3; i++) {
            assertThat(send(limiter, source, limits, "slow-" + i)).isZero();
        }
        sleep(Duration.ofMillis(400));
        for (int i = 0; i < 3; i++) {
            limiter.complete(source, "slow-" + i + "|1");
        }

        Reservation next = reserve(limiter, source, limits, "next|1");

        double slotMillis = (System.nanoTime() - started) / 1e6 + next.delay().toMillis();
        assertThat(slotMillis).as("a second after the slow answers came back").isBetween(1_390.0, 1_600.0);
    }

    @Test
    void aConfirmedRequestRestartsItsArrivalSpanOnlyWhileTheSpanLasts() {
        RateLimiter limiter = limiter();
        String source = freshSource();
        // spans of 1,002 ms, each step 200-400 ms from the instant it must fall before or after
        SourceLimits limits = new SourceLimits(1, 1, 1.0, 0, List.of(), 1, Counting.ARRIVAL, Duration.ofSeconds(1));
        send(limiter, source, limits, "a");
        sleep(Duration.ofMillis(700));
        assertThat(limiter.restart(source, limits, "a|1"))
                .as("within its 1,002 ms span")
                .isTrue();
        sleep(Duration.ofMillis(600));
        assertThat(limiter.reserve(source, limits, "b|1").kind())
                .as("past the first span's end, still on its way: it began again 700 ms in")
                .isEqualTo(Reservation.Kind.SATURATED);
        sleep(Duration.ofMillis(600));
        assertThat(limiter.restart(source, limits, "a|1"))
                .as("its span ended: it may no longer be sent")
                .isFalse();

        Reservation next = reserve(limiter, source, limits, "b|1");

        assertThat(next.delay().toMillis())
                .as("a second after where the restarted span ended (1.7 s in), not the first (1 s in)")
                .isBetween(500L, 1_000L);
    }

    @Test
    void burstOfOneSpacesRequestsEvenly() throws Exception {
        RateLimiter limiter = limiter();
        String source = freshSource();

        List<Long> sends = sendConcurrently(limiter, source, limits(10, 1, 1.0), 4, 12, Duration.ZERO);

        Collections.sort(sends);
        for (int i = 1; i < sends.size(); i++) {
            assertThat((sends.get(i) - sends.get(i - 1)) / 1e6).as("gap %d", i).isGreaterThan(80);
        }
        assertThat(maxInAnyWindow(sends, Duration.ofSeconds(1))).isLessThanOrEqualTo(10);
    }

    @Test
    void spacedRequestsCountedUntilTheirAnswerNeverExceedTheLimit() throws Exception {
        RateLimiter limiter = limiter();
        String source = freshSource();
        SourceLimits limits = SourceLimits.of(15, 0, 1.0, 0).countingUntilAnswer();

        List<Long> sends = sendConcurrently(limiter, source, limits, 24, 45, Duration.ofMillis(30));

        assertThat(maxInAnyWindow(sends, Duration.ofSeconds(1))).isLessThanOrEqualTo(15);
    }

    @Test
    void safetyFactorLowersTheRate() throws Exception {
        RateLimiter limiter = limiter();
        String source = freshSource();

        List<Long> sends = sendConcurrently(limiter, source, limits(20, 20, 0.5), 4, 30, Duration.ZERO);

        assertThat(maxInAnyWindow(sends, Duration.ofSeconds(1))).isLessThanOrEqualTo(10);
    }

    @Test
    void weightsAreChargedInClockAlignedFixedWindows() throws Exception {
        RateLimiter limiter = limiter();
        String source = freshSource();
        SourceLimits limits =
                new SourceLimits(0, 0, 1.0, 0, List.of(new RateWindow(10, Duration.ofSeconds(1), true)), 2, null, null);

        List<Long> sends = sendConcurrently(limiter, source, limits, 4, 15, Duration.ZERO);

        long[] perBucket = new long[64];
        long first = Collections.min(sends) / 1_000_000_000L;
        for (long send : sends) {
            perBucket[(int) (send / 1_000_000_000L - first)]++;
        }
        for (long count : perBucket) {
            assertThat(count).as("5 requests of weight 2 per clock second").isLessThanOrEqualTo(5);
        }
        assertThat(maxInAnyWindow(sends, Duration.ofSeconds(3))).as("all used").isGreaterThanOrEqualTo(10);
    }

    @Test
    void aPauseStopsRequestsThatAlreadyHoldASlot() {
        RateLimiter limiter = limiter();
        String source = freshSource();
        SourceLimits limits = limits(2, 2, 1.0);
        send(limiter, source, limits, "a");
        send(limiter, source, limits, "b");
        limiter.complete(source, "a|1");
        limiter.complete(source, "b|1");
        Reservation waiting = reserve(limiter, source, limits, "c|1");
        assertThat(waiting.delay()).as("the third waits for the next second").isGreaterThan(Duration.ofMillis(500));

        limiter.pushedBack(source, limits, new PushBack(PushBack.Kind.UNAVAILABLE, 503, Duration.ofSeconds(3), "503"));

        Clearance clearance = limiter.confirm(source, limits, "c|1");
        assertThat(clearance.kind()).isEqualTo(Clearance.Kind.PAUSED);
        assertThat(clearance.pause()).isBetween(Duration.ofMillis(2_500), Duration.ofSeconds(3));
        assertThat(reserve(limiter, source, limits, "d|1").delay())
                .as("new slots begin after the pause")
                .isGreaterThan(Duration.ofMillis(2_500));
        assertThat(limiter.check(source).kind()).isEqualTo(Clearance.Kind.PAUSED);
    }

    @Test
    void aRateLimitAnswerTeachesTheCeilingTheSourceAcceptedNotCountingRequestsStillOnTheirWay() {
        RateLimiter limiter = limiter();
        String source = freshSource();
        SourceLimits configured = limits(20, 20, 1.0);
        // 16 answered (the 16th refused) while 4 more are on their way: those meet the Retry-After, not the limit
        sendTwentyAnswering(limiter, source, configured, 16);

        RateLimiter.PushBackResult result = limiter.pushedBack(
                source, configured, new PushBack(PushBack.Kind.THROTTLED, 429, Duration.ofMillis(200), "429"));
        limiter.pushedBack(
                source, configured, new PushBack(PushBack.Kind.THROTTLED, 429, Duration.ofMillis(200), "429"));

        assertThat(result.learnedShare()).as("15 of 20 accepted").isEqualTo(0.75);
        assertThat(reserve(limiter, source, configured, "after|1").effectiveRate())
                .as("a second answer of the same episode teaches nothing more")
                .isEqualTo(15.0);
    }

    @Test
    void aPushBackCompletesTheRefusedRequestInTheSameStepAndLearnsTheSame() {
        RateLimiter limiter = limiter();
        String source = freshSource();
        SourceLimits configured = limits(20, 20, 1.0);
        // 15 answered, the 16th refused and still open when its push-back is recorded, 4 more on their way
        sendTwentyAnswering(limiter, source, configured, 15);

        RateLimiter.PushBackResult result = limiter.pushedBack(
                source, configured, new PushBack(PushBack.Kind.THROTTLED, 429, Duration.ofMillis(200), "429"), "r15|1");

        assertThat(result.learnedShare())
                .as("15 of 20 accepted: the refused request counts as its own newest answer")
                .isEqualTo(0.75);
        assertThat(reserve(limiter, source, configured, "next|1").delay())
                .as("new slots begin after the pause")
                .isGreaterThan(Duration.ofMillis(150));
    }

    /** Sends r0..r19 to {@code source}, the first {@code answered} of them answered. */
    private static void sendTwentyAnswering(RateLimiter limiter, String source, SourceLimits limits, int answered) {
        for (int i = 0; i < 20; i++) {
            send(limiter, source, limits, "r" + i);
            if (i < answered) {
                limiter.complete(source, "r" + i + "|1");
            }
        }
    }

    @Test
    void aNewSourceStartsSlowAndClimbsUntilItsLimitsOrItsFirstPushBack() {
        RateLimiter limiter =
                limiter(TestLimits.slowStart(new LimitProperties.SlowStart(0.5, 0.25, Duration.ofMillis(300))));
        String source = freshSource();
        SourceLimits configured = limits(20, 20, 1.0);

        assertThat(reserve(limiter, source, configured, "a|1").effectiveRate())
                .as("half to begin")
                .isEqualTo(10.0);
        sleep(Duration.ofMillis(350));
        assertThat(reserve(limiter, source, configured, "b|1").effectiveRate()).isEqualTo(15.0);
        limiter.pushedBack(source, configured, new PushBack(PushBack.Kind.THROTTLED, 429, Duration.ZERO, "429"));
        sleep(Duration.ofMillis(650));

        assertThat(reserve(limiter, source, configured, "c|1").effectiveRate())
                .as("after a push-back the ceiling climbs only by the slow probe (every 2 minutes)")
                .isLessThanOrEqualTo(15.0);
        String other = freshSource();
        reserve(limiter, other, configured, "d|1");
        sleep(Duration.ofMillis(650));
        assertThat(reserve(limiter, other, configured, "e|1").effectiveRate())
                .as("without a push-back it reaches the configured limits")
                .isEqualTo(20.0);
    }

    @Test
    void theLearnedCeilingProbesUpwardAfterAQuietInterval() {
        RateLimiter limiter = limiter(TestLimits.properties(
                Duration.ofSeconds(4), Duration.ofSeconds(15), Duration.ofSeconds(1), 0, Duration.ofMillis(300)));
        String source = freshSource();
        SourceLimits configured = limits(20, 20, 1.0);
        for (int i = 0; i < 11; i++) {
            send(limiter, source, configured, "r" + i);
            limiter.complete(source, "r" + i + "|1");
        }
        limiter.pushedBack(source, configured, new PushBack(PushBack.Kind.THROTTLED, 429, Duration.ZERO, "429"));
        assertThat(reserve(limiter, source, configured, "x|1").effectiveRate()).isEqualTo(10.0);

        sleep(Duration.ofMillis(650));

        assertThat(reserve(limiter, source, configured, "y|1").effectiveRate())
                .as("two quiet intervals: two steps of 5% of 20")
                .isEqualTo(12.0);
    }

    @Test
    void aBanPausesTheSourceForItsLengthWithoutLearningFromLaterAnswers() {
        RateLimiter limiter = limiter();
        String source = freshSource();
        SourceLimits limits = limits(10, 10, 1.0);

        RateLimiter.PushBackResult ban = limiter.pushedBack(
                source, limits, new PushBack(PushBack.Kind.BANNED, 418, Duration.ofSeconds(30), "418 banned"));

        assertThat(ban.pause()).isBetween(Duration.ofSeconds(29), Duration.ofSeconds(30));
        Clearance clearance = limiter.check(source);
        assertThat(clearance.kind()).isEqualTo(Clearance.Kind.PAUSED);
        assertThat(clearance.pause()).isGreaterThan(Duration.ofSeconds(29));
    }

    @Test
    void anOperatorsPauseHoldsEveryRequestUntilResumed() {
        RateLimiter limiter = limiter();
        String source = freshSource();
        SourceLimits limits = limits(10, 10, 1.0);
        Reservation held = reserve(limiter, source, limits, "held|1");
        assertThat(held.kind()).isEqualTo(Reservation.Kind.GRANTED);

        operatorPause(source, true);

        assertThat(limiter.confirm(source, limits, "held|1").kind()).isEqualTo(Clearance.Kind.OPERATOR_PAUSED);
        assertThat(limiter.reserve(source, limits, "new|1").kind()).isEqualTo(Reservation.Kind.OPERATOR_PAUSED);
        assertThat(limiter.check(source).kind()).isEqualTo(Clearance.Kind.OPERATOR_PAUSED);
        operatorPause(source, false);
        assertThat(send(limiter, source, limits, "again")).isZero();
    }

    @Test
    void theServersUsedWeightAndRemainingBudgetAreNeverExceeded() {
        RateLimiter limiter = limiter();
        String source = freshSource();

        limiter.reported(source, WEIGHT_PER_MINUTE, ServerUsage.used(95, Duration.ofMinutes(1)));

        Reservation next = limiter.reserve(source, WEIGHT_PER_MINUTE, "a|10");
        assertThat(next.kind() == Reservation.Kind.PAUSED || next.delay().compareTo(Duration.ZERO) > 0)
                .as("the server counted 95 of 100 this minute: wait for the next one, " + next)
                .isTrue();

        String other = freshSource();
        SourceLimits open = limits(100, 100, 1.0);
        limiter.reported(other, open, ServerUsage.remaining(1, Duration.ofSeconds(2)));
        assertThat(reserve(limiter, other, open, "b|1").delay()).isZero();
        assertThat(reserve(limiter, other, open, "c|1").delay())
                .as("one left until the reset in 2 s")
                .isGreaterThan(Duration.ofMillis(1_500));
    }

    @Test
    void aPublishedQuotaLowerThanTheConfiguredLimitIsLearnedWithoutA429() {
        RateLimiter limiter = limiter();
        String source = freshSource();
        SourceLimits configured = limits(20, 20, 1.0);
        assertThat(reserve(limiter, source, configured, "a|1").effectiveRate()).isEqualTo(20.0);

        limiter.reported(source, configured, ServerUsage.quota(15, Duration.ofSeconds(1)));
        assertThat(reserve(limiter, source, configured, "b|1").effectiveRate())
                .as("RateLimit-Policy: 15 per 1 s against 20 configured")
                .isEqualTo(15.0);

        limiter.reported(source, configured, ServerUsage.quota(18, Duration.ofSeconds(1)));
        limiter.reported(source, configured, ServerUsage.quota(5, Duration.ofMinutes(1)));
        assertThat(reserve(limiter, source, configured, "c|1").effectiveRate())
                .as("a higher quota teaches nothing, nor one of a period no window has")
                .isEqualTo(15.0);

        RateLimiter slow =
                limiter(TestLimits.slowStart(new LimitProperties.SlowStart(0.5, 0.25, Duration.ofMinutes(5))));
        String starting = freshSource();
        assertThat(reserve(slow, starting, configured, "d|1").effectiveRate()).isEqualTo(10.0);
        slow.reported(starting, configured, ServerUsage.quota(16, Duration.ofSeconds(1)));
        assertThat(reserve(slow, starting, configured, "e|1").effectiveRate())
                .as("a new source's slow start ends at what the server says it allows")
                .isEqualTo(16.0);
    }

    @Test
    void aUsedWeightAnsweredAfterItsMinuteTurnedCountsInTheMinuteTheRequestWasSentIn() {
        RateLimiter limiter = limiter();
        String source = freshSource();
        long intoMinute = clockMicros() % 60_000_000L;

        // sent a second before this minute began, answered now: the 95 are the last minute's
        limiter.reported(
                source,
                WEIGHT_PER_MINUTE,
                ServerUsage.used(95, Duration.ofMinutes(1)).sent(Duration.ofNanos((intoMinute + 1_000_000) * 1_000)));

        assertThat(reserve(limiter, source, WEIGHT_PER_MINUTE, "a|10").delay())
                .as("this minute is untouched by what the server counted in the last one")
                .isZero();
    }

    @Test
    void unconfirmedReservationsLapseAndAnsweredRequestsWaitingForRenewalExpire() {
        RateLimiter limiter = limiter(
                TestLimits.properties(Duration.ofMillis(300), Duration.ofSeconds(15), Duration.ofSeconds(1), 0));
        String source = freshSource();
        SourceLimits limits = answerCounted(2);
        reserve(limiter, source, limits, "a|1");
        send(limiter, source, limits, "b");

        assertThat(limiter.reserve(source, limits, "c|1").kind())
                .as("two in flight")
                .isEqualTo(Reservation.Kind.SATURATED);
        limiter.renew(source, Duration.ofMillis(300), List.of("b|1"));
        sleep(Duration.ofMillis(450));
        assertThat(limiter.confirm(source, limits, "a|1").kind())
                .as("its holder never confirmed it")
                .isEqualTo(Clearance.Kind.EXPIRED);
        assertThat(limiter.reserve(source, limits, "c|1").kind())
                .as("their worker died; they expired")
                .isEqualTo(Reservation.Kind.GRANTED);
    }

    @Test
    void anOpenBreakerHoldsTheSourceThenLetsOneProbeThroughWhoseOutcomeClosesOrReopensIt() {
        RateLimiter limiter = limiter();
        String source = freshSource();
        SourceLimits limits = limits(10, 10, 1.0);

        assertThat(limiter.breaker(source, RateLimiter.BreakerEvent.OPEN, Duration.ofMillis(400)))
                .isTrue();
        assertThat(limiter.breaker(source, RateLimiter.BreakerEvent.OPEN, Duration.ofMillis(400)))
                .as("already open")
                .isFalse();
        assertThat(limiter.check(source).kind()).isEqualTo(Clearance.Kind.PAUSED);
        sleep(Duration.ofMillis(450));

        Reservation probe = reserve(limiter, source, limits, "probe|1");
        assertThat(limiter.reserve(source, limits, "second|1").kind())
                .as("one request at a time while half-open")
                .isEqualTo(Reservation.Kind.SATURATED);
        assertThat(limiter.confirm(source, limits, "probe|1").kind()).isEqualTo(Clearance.Kind.PROBE);
        limiter.complete(source, "probe|1");
        limiter.breaker(source, RateLimiter.BreakerEvent.FAILURE, Duration.ofMillis(400));
        assertThat(limiter.check(source).kind())
                .as("the probe failed: open again")
                .isEqualTo(Clearance.Kind.PAUSED);

        sleep(Duration.ofMillis(450));
        limiter.breaker(source, RateLimiter.BreakerEvent.SUCCESS, Duration.ofMillis(400));
        assertThat(limiter.check(source).kind()).isEqualTo(Clearance.Kind.SEND);
        assertThat(probe.delay()).isZero();
    }

    @Test
    void aPauseLongerThanARequestWaitsIsAnsweredAsAPauseNotASlot() {
        RateLimiter limiter = limiter();
        String source = freshSource();
        SourceLimits limits = limits(10, 10, 1.0);
        limiter.pushedBack(source, limits, new PushBack(PushBack.Kind.BANNED, 418, Duration.ofSeconds(60), "418"));

        Reservation reservation = limiter.reserve(source, limits, "r|1");

        assertThat(reservation.kind()).isEqualTo(Reservation.Kind.PAUSED);
        assertThat(reservation.delay()).isBetween(Duration.ofSeconds(59), Duration.ofSeconds(60));
    }

    @Test
    void sourcesDoNotShareSlots() {
        RateLimiter limiter = limiter();
        String busy = freshSource();
        String idle = freshSource();
        SourceLimits limits = limits(2, 2, 1.0);
        reserve(limiter, busy, limits, "busy-1|1");
        reserve(limiter, busy, limits, "busy-2|1");

        assertThat(limiter.reserve(busy, limits, "busy-3|1").kind())
                .as("busy is saturated")
                .isEqualTo(Reservation.Kind.SATURATED);
        assertThat(reserve(limiter, idle, limits, "idle|1").delay()).isZero();
    }

    /**
     * Sends {@code requests} from {@code threads} threads, each answered {@code latency} after it was sent;
     * answers the send times.
     */
    static List<Long> sendConcurrently(
            RateLimiter limiter, String source, SourceLimits limits, int threads, int requests, Duration latency)
            throws Exception {
        List<Long> sends = Collections.synchronizedList(new ArrayList<>());
        try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
            for (int i = 0; i < requests; i++) {
                pool.submit(() -> {
                    String member = UUID.randomUUID() + "|" + limits.weight();
                    while (true) {
                        Reservation reservation = limiter.reserve(source, limits, member);
                        if (reservation.kind() != Reservation.Kind.GRANTED) {
                            sleep(Duration.ofMillis(5));
                            continue;
                        }
                        sleep(reservation.delay());
                        Clearance clearance = limiter.confirm(source, limits, member);
                        if (clearance.kind() == Clearance.Kind.SEND) {
                            break;
                        }
                        sleep(clearance.pause());
                    }
                    sends.add(epochNanos());
                    sleep(latency);
                    limiter.complete(source, member);
                    return null;
                });
            }
        }
        assertThat(sends).hasSize(requests);
        return sends;
    }

    /** Reserves and confirms {@code id} at once (it must get a slot now); answers the slot's delay in ms. */
    static long send(RateLimiter limiter, String source, SourceLimits limits, String id) {
        String member = id + "|" + limits.weight();
        Reservation reservation = reserve(limiter, source, limits, member);
        assertThat(limiter.confirm(source, limits, member).kind()).isEqualTo(Clearance.Kind.SEND);
        return reservation.delay().toMillis();
    }

    static Reservation reserve(RateLimiter limiter, String source, SourceLimits limits, String member) {
        Reservation reservation = limiter.reserve(source, limits, member);
        assertThat(reservation.kind()).as("granted").isEqualTo(Reservation.Kind.GRANTED);
        return reservation;
    }

    static int maxInAnyWindow(List<Long> sends, Duration window) {
        List<Long> sorted = new ArrayList<>(sends);
        Collections.sort(sorted);
        int max = 0;
        int start = 0;
        for (int end = 0; end < sorted.size(); end++) {
            while (sorted.get(end) - sorted.get(start) >= window.toNanos()) {
                start++;
            }
            max = Math.max(max, end - start + 1);
        }
        return max;
    }

    /** Wall-clock time, so clock-aligned windows can be told apart. */
    static long epochNanos() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
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
