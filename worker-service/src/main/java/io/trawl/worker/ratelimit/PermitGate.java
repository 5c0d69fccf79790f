package io.trawl.worker.ratelimit;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.trawl.sources.Counting;
import io.trawl.sources.SourceLimits;
import io.trawl.worker.source.PushBack;
import io.trawl.worker.source.RequestGate;
import io.trawl.worker.source.ServerUsage;
import io.trawl.worker.source.SourceFailure;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Component;

/**
 * Stands between a worker and a source. Every request reserves its cluster-wide slot, waits for it, and is
 * cleared once more the moment before it is sent: a pause that began meanwhile (a push-back, a ban, an
 * operator's pause) stops it there. Short pauses are waited out here; a longer one is handed back to the task
 * runner as a {@link SourceFailure#pausedFor() pause}. Requests counted until their answer are kept in flight
 * by renewal while they wait for it. Fails closed: while Redis cannot be asked, nobody passes.
 *
 * <p>Slow start: counting by arrival (a source's opt-in) assumes a request reaches the source within its bound,
 * which a cold worker (class loading, new connections, a CPU-starved start-up) does not keep. Until this worker
 * has had {@link #WARM} answers from a source within the last {@link #WARM_WINDOW}, its requests to it count
 * until their answer, whatever the source's setting.
 */
@Component
public class PermitGate implements RequestGate, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(PermitGate.class);

    private final RateLimiter limiter;
    private final LiveLimits limits;
    private final LimitProperties properties;
    private final MeterRegistry meters;
    private final Map<String, AtomicLong> effectiveRates = new ConcurrentHashMap<>();
    private final Map<String, Set<String>> awaitingAnswer = new ConcurrentHashMap<>();
    static final int WARM = 10;
    static final Duration WARM_WINDOW = Duration.ofSeconds(30);

    /** How often a request cleared too late for its arrival bound restarts its span before it gives up its slot. */
    static final int MAX_RESTARTS = 3;

    private final Map<String, Warmth> warmth = new ConcurrentHashMap<>();
    private final Map<String, Semaphore> lines = new ConcurrentHashMap<>();
    private final Lateness lateness = new Lateness();
    private final ScheduledExecutorService renewer = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("permit-renewer").daemon().factory());

    private final SourceBreakers breakers;

    public PermitGate(
            RateLimiter limiter,
            LiveLimits limits,
            LimitProperties properties,
            SourceBreakers breakers,
            MeterRegistry meters) {
        this.limiter = limiter;
        this.breakers = breakers;
        this.limits = limits;
        this.properties = properties;
        this.meters = meters;
        meters.gauge(
                "trawl.limiter.lateness.seconds", lateness, l -> l.current().toNanos() / 1e9);
        long period = Math.max(100, properties.inFlightTtl().toMillis() / 3);
        renewer.scheduleAtFixedRate(this::renewAll, period, period, TimeUnit.MILLISECONDS);
    }

    @Override
    public Permit acquire(String source) throws InterruptedException {
        long asked = System.nanoTime();
        Turn turn = new Turn(lines.computeIfAbsent(source, s -> new Semaphore(1, true)));
        try {
            return acquire(source, asked, turn);
        } finally {
            turn.pass();
        }
    }

    /**
     * Reserves until a slot is granted. While the source's windows are full, this worker's waiting threads take
     * turns: one at a time asks Redis again, the others wait in line for its {@link Turn} (a slot freed now is at
     * the earliest a window's period away, so asking every few tens of milliseconds loses nothing, while every
     * waiting thread asking for itself cost Redis and the machine dozens of script calls per request).
     */
    private Permit acquire(String source, long asked, Turn turn) throws InterruptedException {
        while (true) {
            try {
                SourceLimits current = limits.current(source);
                if (!current.rateLimited()) {
                    Clearance clearance = limiter.check(source);
                    boolean probe = clearance.kind() == Clearance.Kind.PROBE;
                    if (probe || cleared(source, clearance)) {
                        return new Unlimited(source, probe);
                    }
                    continue;
                }
                String member = UUID.randomUUID() + "|" + current.weight();
                // a slot near a clock window's end is charged in the next one too if it may arrive there late
                Reservation reservation = limiter.reserve(source, current.leavingUpTo(lateness.current()), member);
                switch (reservation.kind()) {
                    case SATURATED -> {
                        meters.counter("trawl.limiter.saturated", "source", source)
                                .increment();
                        if (turn.held()) {
                            Thread.sleep(ThreadLocalRandom.current().nextLong(10, 40));
                        } else {
                            turn.take();
                        }
                    }
                    case OPERATOR_PAUSED -> waitOut(source, Clearance.of(-2));
                    case PAUSED -> throw SourceFailure.paused(source, reservation.delay());
                    case GRANTED -> {
                        turn.pass();
                        effectiveRate(source).set(Math.round(reservation.effectiveRate() * 1000));
                        Permit permit = take(source, current, member, reservation.delay(), asked);
                        if (permit != null) {
                            return permit;
                        }
                    }
                }
            } catch (DataAccessException e) {
                meters.counter("trawl.limiter.unavailable", "source", source).increment();
                log.warn(
                        "Limiter unreachable for {}; holding requests for {}: {}",
                        source,
                        properties.redisRetry(),
                        e.getMessage());
                Thread.sleep(properties.redisRetry());
            }
        }
    }

    /** Waits for the reserved slot, then clears the request; null when it must reserve again. */
    private Permit take(String source, SourceLimits current, String member, Duration delay, long asked)
            throws InterruptedException {
        try {
            if (!delay.isZero()) {
                long due = System.nanoTime() + delay.toNanos();
                Thread.sleep(delay);
                lateness.observe(System.nanoTime() - due);
            }
        } catch (InterruptedException e) {
            Uninterrupted.run(() -> limiter.complete(source, member));
            throw e;
        }
        boolean untilAnswer =
                current.counting() == Counting.ANSWER || !warmth(source).warm();
        Duration late = lateness.current();
        SourceLimits counted = untilAnswer ? current.countingUntilAnswer() : current.arrivingUpTo(late);
        long asking = System.nanoTime();
        Clearance clearance = limiter.confirm(source, counted, member);
        long answer = System.nanoTime() - asking;
        lateness.observe(answer - properties.guard().toNanos());
        boolean probe = clearance.kind() == Clearance.Kind.PROBE;
        if (!probe && !cleared(source, clearance)) {
            return null;
        }
        if (!untilAnswer && !inTime(source, counted, member, answer, late)) {
            limiter.complete(source, member);
            return null;
        }
        meters.counter("trawl.limiter.permits", "source", source).increment();
        Timer.builder("trawl.limiter.wait")
                .tag("source", source)
                .register(meters)
                .record(Duration.ofNanos(System.nanoTime() - asked));
        return new Sent(source, member, untilAnswer, probe);
    }

    /**
     * Whether a request counted by arrival can still meet its bound. Its span began when Redis confirmed it, at
     * most {@code answer} nanoseconds ago; the bound allows the guard and this worker's lateness for the way back
     * and leaves the one-way delay for the way to the source. A confirmation that came back later than that (a
     * stalled thread, a busy machine) would send the request out of its span: it begins its span again from now,
     * as long as the span has not ended yet. False when it has (or keeps coming back too late): then it must not
     * be sent, and reserves again.
     */
    private boolean inTime(String source, SourceLimits counted, String member, long answer, Duration late) {
        long allowed = properties.guard().plus(late).toNanos();
        for (int tries = 0; answer > allowed; tries++) {
            if (tries == MAX_RESTARTS) {
                meters.counter("trawl.limiter.restarts", "source", source, "outcome", "dropped")
                        .increment();
                return false;
            }
            long asking = System.nanoTime();
            boolean restarted = limiter.restart(source, counted, member);
            answer = System.nanoTime() - asking;
            lateness.observe(answer - properties.guard().toNanos());
            if (!restarted) {
                meters.counter("trawl.limiter.restarts", "source", source, "outcome", "ended")
                        .increment();
                return false;
            }
            meters.counter("trawl.limiter.restarts", "source", source, "outcome", "restarted")
                    .increment();
        }
        return true;
    }

    /** True when the request may go; otherwise waits out a short pause (or throws for a long one). */
    private boolean cleared(String source, Clearance clearance) throws InterruptedException {
        if (clearance.kind() == Clearance.Kind.SEND) {
            return true;
        }
        waitOut(source, clearance);
        return false;
    }

    private void waitOut(String source, Clearance clearance) throws InterruptedException {
        switch (clearance.kind()) {
            case PAUSED -> {
                meters.counter("trawl.limiter.held", "source", source).increment();
                if (clearance.pause().compareTo(properties.maxHold()) > 0) {
                    throw SourceFailure.paused(source, clearance.pause());
                }
                Thread.sleep(clearance.pause());
            }
            case OPERATOR_PAUSED -> throw SourceFailure.paused(source, null);
            case EXPIRED, SEND, PROBE -> {
                // reserve again at once
            }
        }
    }

    /**
     * A request on its way: completing it records its answer (and how it went, for the source's breaker; a
     * push-back records the answer with the pause);
     * until then it may need renewing.
     */
    private final class Sent implements Permit {

        private final String source;
        private final String member;
        private final boolean renewed;
        private final boolean probe;
        private boolean failed;
        private boolean completed;

        Sent(String source, String member, boolean renewed, boolean probe) {
            this.source = source;
            this.member = member;
            this.renewed = renewed;
            this.probe = probe;
            if (renewed) {
                awaitingAnswer
                        .computeIfAbsent(source, s -> ConcurrentHashMap.newKeySet())
                        .add(member);
            }
        }

        @Override
        public void failed() {
            failed = true;
        }

        @Override
        public void close() {
            Uninterrupted.run(() -> breakers.record(source, failed, probe));
            warmth(source).answered();
            if (renewed) {
                awaitingAnswer.get(source).remove(member);
            }
            if (completed) {
                return;
            }
            try {
                Uninterrupted.run(() -> limiter.complete(source, member));
            } catch (DataAccessException e) {
                log.warn(
                        "Could not complete permit {} of {} (it expires by itself): {}",
                        member,
                        source,
                        e.getMessage());
            }
        }
    }

    /** A thread's place in its worker's line for a full source: only the holder of the turn asks Redis again. */
    private static final class Turn {
        private final Semaphore line;
        private boolean held;

        Turn(Semaphore line) {
            this.line = line;
        }

        boolean held() {
            return held;
        }

        void take() throws InterruptedException {
            line.acquire();
            held = true;
        }

        void pass() {
            if (held) {
                held = false;
                line.release();
            }
        }
    }

    /** A request to a source without rate limits: only its outcome is recorded, for the source's breaker. */
    private final class Unlimited implements Permit {

        private final String source;
        private final boolean probe;
        private boolean failed;

        Unlimited(String source, boolean probe) {
            this.source = source;
            this.probe = probe;
        }

        @Override
        public void failed() {
            failed = true;
        }

        @Override
        public void close() {
            Uninterrupted.run(() -> breakers.record(source, failed, probe));
        }
    }

    @Override
    public void pushedBack(String source, PushBack pushBack, Permit answered) {
        meters.counter("trawl.source.throttled", "source", source, "status", Integer.toString(pushBack.status()))
                .increment();
        try {
            String member = answered instanceof Sent sent && sent.source.equals(source) ? sent.member : null;
            RateLimiter.PushBackResult result = limiter.pushedBack(source, limits.current(source), pushBack, member);
            if (member != null) {
                ((Sent) answered).completed = true;
            }
            if (pushBack.kind() == PushBack.Kind.BANNED) {
                meters.counter("trawl.source.banned", "source", source).increment();
                log.error(
                        "Source {} BANNED Trawl ({}): every worker stops sending to it for {} s",
                        source,
                        pushBack.reason(),
                        result.pause().toSeconds());
            } else {
                log.warn(
                        "Source {} pushed back ({}): paused for {} ms cluster-wide; using {}% of its configured"
                                + " limits",
                        source, pushBack.reason(), result.pause().toMillis(), Math.round(result.learnedShare() * 100));
            }
        } catch (DataAccessException e) {
            log.warn("Could not record the pause of {} (limiter unreachable): {}", source, e.getMessage());
        }
    }

    @Override
    public void reported(String source, List<ServerUsage> usage) {
        if (usage.isEmpty()) {
            return;
        }
        try {
            SourceLimits current = limits.current(source);
            for (ServerUsage u : usage) {
                limiter.reported(source, current, u);
            }
        } catch (DataAccessException e) {
            log.debug("Could not record what {} reported of its limits: {}", source, e.getMessage());
        }
    }

    private void renewAll() {
        awaitingAnswer.forEach((source, members) -> {
            if (!members.isEmpty()) {
                try {
                    limiter.renew(source, properties.inFlightTtl(), List.copyOf(members));
                } catch (RuntimeException e) {
                    log.warn("Could not renew requests in flight to {}: {}", source, e.getMessage());
                }
            }
        });
    }

    private Warmth warmth(String source) {
        return warmth.computeIfAbsent(source, s -> new Warmth());
    }

    /** When this worker last had answers from a source: the last {@link #WARM} of them. */
    private static final class Warmth {
        private final long[] answers = new long[WARM];
        private int next;

        synchronized void answered() {
            answers[next++ % WARM] = System.nanoTime();
        }

        /** Whether all of the last {@link #WARM} answers came within {@link #WARM_WINDOW}. */
        synchronized boolean warm() {
            if (next < WARM) {
                return false;
            }
            long oldest = answers[next % WARM];
            return System.nanoTime() - oldest < WARM_WINDOW.toNanos();
        }
    }

    private AtomicLong effectiveRate(String source) {
        return effectiveRates.computeIfAbsent(
                source,
                s -> meters.gauge("trawl.limiter.effective.rate.milli", Tags.of("source", s), new AtomicLong()));
    }

    @Override
    public void close() {
        renewer.shutdownNow();
    }
}
