package io.trawl.simulator;

import java.time.Duration;

/**
 * Judges one source's client at each request's arrival, as a real exchange does: the sliding-second limit,
 * a clock-aligned minute weight budget, {@code Retry-After} periods, and a ban for a client that keeps
 * sending during them. Also measures what a client would be judged by.
 */
final class ClientJudge {

    /** What the source answers an arrival. */
    record Verdict(int status, long retryAfterSeconds, long usedWeight) {
        boolean served() {
            return status == 0;
        }
    }

    private final SlidingWindowCounter perSecond;
    private final ServerRules rules;
    private final int minuteWeight;
    private final int weight;
    private long retryAfterUntil;
    private int sentDuringRetryAfter;
    private long bannedUntil;
    private long minute = -1;
    private long usedInMinute;
    private long maxWeightInMinute;
    private long tooMany;
    private long ignoredRetryAfter;
    private long bans;
    private long bannedAnswers;
    private final long[] arrivals = new long[1 << 17];
    private int arrivalCount;

    private final int limit;
    private final boolean publishesPolicy;

    ClientJudge(int limit, ServerRules rules, String source) {
        this.limit = limit;
        this.publishesPolicy = rules.publishingPolicy().contains(source);
        // nanoTime has an arbitrary origin: "until" instants start at now, never at 0
        this.retryAfterUntil = System.nanoTime();
        this.bannedUntil = retryAfterUntil;
        this.perSecond = new SlidingWindowCounter(limit);
        this.rules = rules;
        this.minuteWeight = rules.minuteWeights().getOrDefault(source, 0);
        this.weight = rules.weights().getOrDefault(source, 1);
    }

    /** The policy header this source's answers carry (its per-second limit), or null when it publishes none. */
    String policy() {
        return publishesPolicy && limit > 0 ? "\"second\";q=" + limit + ";w=1" : null;
    }

    /** Judges an arrival at {@code nanoTime} ({@code epochMillis} aligns the minute windows to the clock). */
    synchronized Verdict arrive(long nanoTime, long epochMillis) {
        arrivals[arrivalCount++ % arrivals.length] = nanoTime;
        boolean withinSecond = perSecond.arrive(nanoTime);
        long thisMinute = epochMillis / 60_000;
        if (thisMinute != minute) {
            minute = thisMinute;
            usedInMinute = 0;
        }
        usedInMinute += weight;
        maxWeightInMinute = Math.max(maxWeightInMinute, usedInMinute);
        if (nanoTime - bannedUntil < 0) {
            bannedAnswers++;
            return new Verdict(418, seconds(bannedUntil - nanoTime), usedInMinute);
        }
        if (nanoTime - retryAfterUntil < 0) {
            ignoredRetryAfter++;
            if (rules.banAfter() > 0 && ++sentDuringRetryAfter > rules.banAfter()) {
                bans++;
                bannedAnswers++;
                bannedUntil = nanoTime + rules.banFor().toNanos();
                return new Verdict(418, seconds(rules.banFor().toNanos()), usedInMinute);
            }
            tooMany++;
            return new Verdict(429, seconds(retryAfterUntil - nanoTime), usedInMinute);
        }
        boolean withinMinute = minuteWeight == 0 || usedInMinute <= minuteWeight;
        if (withinSecond && withinMinute) {
            return new Verdict(0, 0, usedInMinute);
        }
        tooMany++;
        long retry = withinMinute
                ? rules.retryAfter().toNanos()
                : Duration.ofMillis(60_000 - epochMillis % 60_000).toNanos();
        retryAfterUntil = nanoTime + retry;
        sentDuringRetryAfter = 0;
        return new Verdict(429, seconds(retry), usedInMinute);
    }

    /** Bans the client now for {@code duration}, as a server does for reasons of its own. */
    synchronized void ban(Duration duration) {
        bans++;
        bannedUntil = System.nanoTime() + duration.toNanos();
    }

    /** The {@link System#nanoTime()} of the latest arrivals (up to 131,072), oldest first. */
    synchronized long[] arrivals() {
        int n = Math.min(arrivalCount, arrivals.length);
        long[] copy = new long[n];
        for (int i = 0; i < n; i++) {
            copy[i] = arrivals[(arrivalCount - n + i) % arrivals.length];
        }
        return copy;
    }

    /** Whether answers carry the minute's used weight. */
    boolean reportsWeight() {
        return minuteWeight > 0;
    }

    void begin() {
        perSecond.begin();
    }

    void end() {
        perSecond.end();
    }

    synchronized SourceStats stats(String source) {
        SourceStats counted = perSecond.stats(source);
        return new SourceStats(
                source,
                counted.limit(),
                counted.requests(),
                counted.violations(),
                counted.maxInAnySlidingSecond(),
                counted.maxInFlight(),
                tooMany,
                ignoredRetryAfter,
                bans,
                bannedAnswers,
                maxWeightInMinute);
    }

    private static long seconds(long nanos) {
        return Math.max(1, (nanos + 999_999_999L) / 1_000_000_000L);
    }
}
