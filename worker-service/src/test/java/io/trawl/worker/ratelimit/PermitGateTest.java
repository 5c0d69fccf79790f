package io.trawl.worker.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.trawl.sources.Counting;
import io.trawl.sources.SourceLimits;
import io.trawl.worker.source.PushBack;
import io.trawl.worker.source.ServerUsage;
import io.trawl.worker.source.SourceFailure;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.RedisConnectionFailureException;

class PermitGateTest {

    private static final SourceLimits LIMITED = SourceLimits.of(10, 10, 1.0, 0);
    private static final LimitProperties PROPERTIES =
            TestLimits.properties(Duration.ofSeconds(4), Duration.ofSeconds(15), Duration.ofMillis(100), 0);

    /** Limits as configured, without Redis. */
    private static final class FixedLimits extends LiveLimits {
        private final SourceLimits limits;

        FixedLimits(SourceLimits limits) {
            super(null);
            this.limits = limits;
        }

        @Override
        public SourceLimits current(String source) {
            return limits;
        }
    }

    /** A limiter whose store is down for the first {@code failures} calls, then clears what it is told to. */
    private static final class ScriptedLimiter implements RateLimiter {
        final AtomicInteger failures;
        final Deque<Clearance> clearances = new ArrayDeque<>();
        final List<String> completed = java.util.Collections.synchronizedList(new ArrayList<>());
        final List<RateLimiter.BreakerEvent> breakerEvents = new ArrayList<>();
        final List<String> restarted = java.util.Collections.synchronizedList(new ArrayList<>());
        volatile boolean restartable = true;
        int reservations;

        ScriptedLimiter(int failures) {
            this.failures = new AtomicInteger(failures);
        }

        /** Until when (nanoTime) every reservation answers that the source's windows are full. */
        volatile long fullUntil;

        final AtomicInteger asked = new AtomicInteger();

        @Override
        public Reservation reserve(String source, SourceLimits limits, String member) {
            asked.incrementAndGet();
            if (failures.getAndDecrement() > 0) {
                throw new RedisConnectionFailureException("Redis is down");
            }
            if (System.nanoTime() < fullUntil) {
                return new Reservation(Reservation.Kind.SATURATED, Duration.ZERO, limits.cps());
            }
            reservations++;
            return Reservation.granted(Duration.ZERO, limits.cps());
        }

        /** How many confirmations from now on reach their worker {@link #SLOW_ANSWER} late. */
        final AtomicInteger slowConfirmations = new AtomicInteger();

        @Override
        public Clearance confirm(String source, SourceLimits limits, String member) {
            if (slowConfirmations.getAndDecrement() > 0) {
                RateLimiterContract.sleep(SLOW_ANSWER);
            }
            return clearances.isEmpty() ? Clearance.SEND : clearances.poll();
        }

        @Override
        public boolean restart(String source, SourceLimits limits, String member) {
            restarted.add(member);
            return restartable;
        }

        @Override
        public Clearance check(String source) {
            return confirm(source, null, null);
        }

        @Override
        public void complete(String source, String member) {
            completed.add(member);
        }

        @Override
        public void renew(String source, Duration ttl, Collection<String> members) {}

        @Override
        public PushBackResult pushedBack(String source, SourceLimits limits, PushBack pushBack, String answered) {
            return new PushBackResult(Duration.ZERO, 1);
        }

        @Override
        public void reported(String source, SourceLimits limits, ServerUsage usage) {}

        @Override
        public boolean breaker(String source, BreakerEvent event, Duration openFor) {
            breakerEvents.add(event);
            return true;
        }
    }

    private static final Duration SLOW_ANSWER = Duration.ofMillis(40);

    private static PermitGate gate(ScriptedLimiter limiter, SourceLimits limits, SimpleMeterRegistry meters) {
        return new PermitGate(
                limiter, new FixedLimits(limits), PROPERTIES, new SourceBreakers(limiter, PROPERTIES, meters), meters);
    }

    @Test
    void holdsRequestsWhileTheLimiterIsUnreachableThenLetsThemPass() throws Exception {
        ScriptedLimiter limiter = new ScriptedLimiter(3);
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        long started = System.nanoTime();

        try (PermitGate gate = gate(limiter, LIMITED, meters);
                var permit = gate.acquire("binance")) {
            assertThat(Duration.ofNanos(System.nanoTime() - started))
                    .as("three failed attempts, 100 ms apart, before the permit")
                    .isGreaterThanOrEqualTo(Duration.ofMillis(300));
        }

        assertThat(limiter.completed).hasSize(1);
        assertThat(meters.counter("trawl.limiter.unavailable", "source", "binance")
                        .count())
                .isEqualTo(3);
        assertThat(meters.counter("trawl.limiter.permits", "source", "binance").count())
                .isEqualTo(1);
    }

    @Test
    void whileTheSourceIsFullOneThreadAtATimeAsksAgainAndEveryWaitingThreadGetsItsPermit() throws Exception {
        ScriptedLimiter limiter = new ScriptedLimiter(0);
        limiter.fullUntil = System.nanoTime() + Duration.ofMillis(500).toNanos();
        int threads = 48;

        try (PermitGate gate = gate(limiter, LIMITED, new SimpleMeterRegistry());
                var executor = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
            List<java.util.concurrent.Future<?>> waiting = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                waiting.add(executor.submit(() -> {
                    try (var permit = gate.acquire("binance")) {
                        return permit;
                    }
                }));
            }
            for (var w : waiting) {
                w.get(10, java.util.concurrent.TimeUnit.SECONDS);
            }
        }

        assertThat(limiter.completed).as("every thread got its permit").hasSize(threads);
        // each thread asks once before it joins the line, the turn's holder every 10..40 ms for 500 ms, and
        // each thread once more when its turn comes after the source has room; every thread asking for itself
        // every 5..25 ms asked about 1,600 times
        assertThat(limiter.asked.get()).isBetween(2 * threads, 2 * threads + 60);
    }

    @Test
    void aShortPauseMetAtTheLastCheckIsWaitedOutAndTheSlotReservedAgain() throws Exception {
        ScriptedLimiter limiter = new ScriptedLimiter(0);
        limiter.clearances.add(Clearance.of(200_000));
        long started = System.nanoTime();

        try (PermitGate gate = gate(limiter, LIMITED, new SimpleMeterRegistry());
                var permit = gate.acquire("binance")) {
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(200));
        }
        assertThat(limiter.reservations).as("the paused slot was given up").isEqualTo(2);
    }

    @Test
    void aLongPauseOrAnOperatorsPauseIsHandedBackToTheTaskInsteadOfWaitingInTheGate() {
        ScriptedLimiter limiter = new ScriptedLimiter(0);
        limiter.clearances.add(Clearance.of(60_000_000));
        limiter.clearances.add(Clearance.of(-2));

        try (PermitGate gate = gate(limiter, SourceLimits.NONE, new SimpleMeterRegistry())) {
            assertThatThrownBy(() -> gate.acquire("binance"))
                    .isInstanceOfSatisfying(
                            SourceFailure.class, f -> assertThat(f.pausedFor()).isEqualTo(Duration.ofMinutes(1)));
            assertThatThrownBy(() -> gate.acquire("binance"))
                    .isInstanceOfSatisfying(
                            SourceFailure.class, f -> assertThat(f.getMessage()).contains("paused by an operator"));
        }
        assertThat(limiter.reservations)
                .as("an unlimited source reserves nothing")
                .isZero();
    }

    @Test
    void aSourceThatKeepsFailingOpensItsBreakerForTheClusterAndTheProbesOutcomeIsReported() throws Exception {
        ScriptedLimiter limiter = new ScriptedLimiter(0);
        try (PermitGate gate = gate(limiter, LIMITED, new SimpleMeterRegistry())) {
            for (int i = 0; i < 5; i++) {
                try (var permit = gate.acquire("binance")) {
                    permit.failed();
                }
            }
            assertThat(limiter.breakerEvents).containsExactly(RateLimiter.BreakerEvent.OPEN);

            limiter.clearances.add(Clearance.of(-4));
            try (var probe = gate.acquire("binance")) {
                assertThat(probe).isNotNull();
            }
        }
        assertThat(limiter.breakerEvents)
                .as("5 of 5 failed (window 5): opened once; then the probe went well")
                .containsExactly(RateLimiter.BreakerEvent.OPEN, RateLimiter.BreakerEvent.SUCCESS);
    }

    @Test
    void aRequestCountedByArrivalWhoseClearanceCameBackLateBeginsItsSpanAgainOrIsNotSent() throws Exception {
        ScriptedLimiter limiter = new ScriptedLimiter(0);
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        try (PermitGate gate = warmArrivalGate(limiter, meters)) {
            assertThat(limiter.restarted).as("answered in time").isEmpty();
            int reserved = limiter.reservations;
            limiter.slowConfirmations.set(1);
            gate.acquire("binance").close();
            assertThat(limiter.restarted)
                    .as("cleared 40 ms after asking, beyond its 2 ms guard: its span begins again from now")
                    .hasSize(1);
            assertThat(limiter.reservations).isEqualTo(reserved + 1);
        }

        limiter.restartable = false;
        try (PermitGate gate = warmArrivalGate(limiter, meters)) {
            int reserved = limiter.reservations;
            int completed = limiter.completed.size();
            limiter.slowConfirmations.set(1);
            gate.acquire("binance").close();
            assertThat(limiter.reservations)
                    .as("its span had ended: it was given up unsent and a new slot reserved")
                    .isEqualTo(reserved + 2);
            assertThat(limiter.completed.subList(completed, limiter.completed.size()))
                    .as("the slot given up, then the request sent on the new one")
                    .hasSize(2)
                    .doesNotHaveDuplicates();
        }
        assertThat(meters.counter("trawl.limiter.restarts", "source", "binance", "outcome", "restarted")
                        .count())
                .isEqualTo(1);
        assertThat(meters.counter("trawl.limiter.restarts", "source", "binance", "outcome", "ended")
                        .count())
                .isEqualTo(1);
    }

    /** A gate for a source counted by arrival, past its slow start, whose clearances came back in time. */
    private static PermitGate warmArrivalGate(ScriptedLimiter limiter, SimpleMeterRegistry meters)
            throws InterruptedException {
        SourceLimits arrival = new SourceLimits(10, 10, 1.0, 0, List.of(), 1, Counting.ARRIVAL, Duration.ofMillis(20));
        PermitGate gate = gate(limiter, arrival, meters);
        for (int i = 0; i < PermitGate.WARM; i++) {
            gate.acquire("binance").close();
        }
        return gate;
    }

    @Test
    void aRequestCountedUntilItsAnswerIsNotRestartedHoweverLateItsClearance() throws Exception {
        ScriptedLimiter limiter = new ScriptedLimiter(0);
        limiter.slowConfirmations.set(1);
        try (PermitGate gate = gate(limiter, LIMITED, new SimpleMeterRegistry())) {
            gate.acquire("binance").close();
        }
        assertThat(limiter.restarted).isEmpty();
        assertThat(limiter.reservations).isEqualTo(1);
    }
}
