package io.trawl.worker.ratelimit;

import io.trawl.infra.limits.LimiterKeys;
import io.trawl.sources.Counting;
import io.trawl.sources.RateWindow;
import io.trawl.sources.SourceLimits;
import io.trawl.worker.source.PushBack;
import io.trawl.worker.source.ServerUsage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.springframework.core.io.ClassPathResource;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Component;

/**
 * The limiter on Redis: one Lua script per call, on Redis time, so workers' clocks do not matter and every
 * worker sees the same slots, pauses and learned ceiling. The scripts say how each window is charged.
 */
@Component
public class RedisRateLimiter implements RateLimiter {

    @SuppressWarnings("rawtypes")
    private static final RedisScript<List> RESERVE = script("reserve", List.class);

    private static final RedisScript<Long> CONFIRM = script("confirm", Long.class);
    private static final RedisScript<Long> COMPLETE = script("complete", Long.class);
    private static final RedisScript<Long> RENEW = script("renew", Long.class);
    private static final RedisScript<Long> USAGE = script("usage", Long.class);

    /** How often an unchanged published quota is sent to Redis again, at most (a quarter probe interval if less). */
    private static final Duration QUOTA_REFRESH = Duration.ofSeconds(1);

    private static final RedisScript<String> BREAKER = script("breaker", String.class);

    @SuppressWarnings("rawtypes")
    private static final RedisScript<List> PUSH_BACK = script("pushback", List.class);

    private static final List<Object> PAUSE_FIELDS =
            List.of("paused", "breakerHalfOpen", "cooldownUntil", "banUntil", "breakerUntil");

    private final StringRedisTemplate redis;
    private final LimitProperties properties;
    private final LimiterKeys keys;

    /** Per source, the quota share last sent to Redis and when ({@link System#nanoTime()}). */
    private final Map<String, SentQuota> quotas = new ConcurrentHashMap<>();

    private record SentQuota(double share, long at) {}

    public RedisRateLimiter(StringRedisTemplate redis, LimitProperties properties, LimiterKeys keys) {
        this.redis = redis;
        this.properties = properties;
        this.keys = keys;
    }

    @Override
    public Reservation reserve(String source, SourceLimits limits, String member) {
        List<String> args = new ArrayList<>(List.of(
                member,
                Integer.toString(limits.weight()),
                micros(properties.hold()),
                micros(limits.oneWayDelay().plus(properties.guard())),
                micros(properties.guard()),
                Double.toString(limits.safetyFactor()),
                Double.toString(properties.probeStep()),
                micros(properties.probeInterval()),
                micros(properties.maxHold())));
        addWindows(
                args,
                limits,
                Double.toString(properties.slowStart().share()),
                Double.toString(properties.slowStart().step()),
                micros(properties.slowStart().interval()));
        List<?> reply = redis.execute(
                RESERVE,
                List.of(
                        keys.inFlight(source),
                        keys.log(source),
                        keys.state(source),
                        keys.fixed(source),
                        keys.reserved(source),
                        keys.slots(source)),
                args.toArray());
        long delay = Long.parseLong((String) reply.get(0));
        double rate = Double.parseDouble((String) reply.get(1));
        return switch ((int) Math.max(delay, -5)) {
            case -1 -> new Reservation(Reservation.Kind.SATURATED, Duration.ZERO, rate);
            case -2 -> new Reservation(Reservation.Kind.OPERATOR_PAUSED, Duration.ZERO, rate);
            case -5 ->
                new Reservation(
                        Reservation.Kind.PAUSED, Duration.ofNanos(Long.parseLong((String) reply.get(2)) * 1000), rate);
            default -> Reservation.granted(Duration.ofNanos(delay * 1000), rate);
        };
    }

    @Override
    public Clearance confirm(String source, SourceLimits limits, String member) {
        Long reply = redis.execute(
                CONFIRM,
                List.of(keys.inFlight(source), keys.state(source), keys.reserved(source)),
                member,
                micros(occupied(limits)));
        return Clearance.of(reply);
    }

    @Override
    public boolean restart(String source, SourceLimits limits, String member) {
        Long extended = redis.execute(RENEW, List.of(keys.inFlight(source)), micros(occupied(limits)), member);
        return extended != null && extended == 1;
    }

    /** How long a confirmed request occupies the windows: its arrival bound, or until renewed. */
    private Duration occupied(SourceLimits limits) {
        return limits.counting() == Counting.ARRIVAL
                ? limits.oneWayDelay().plus(properties.guard())
                : properties.inFlightTtl();
    }

    @Override
    public Clearance check(String source) {
        List<Object> state = redis.opsForHash().multiGet(keys.state(source), PAUSE_FIELDS);
        if ("1".equals(state.get(0))) {
            return Clearance.of(-2);
        }
        long until = 0;
        for (Object micros : state.subList(2, state.size())) {
            if (micros != null) {
                until = Math.max(until, Long.parseLong((String) micros));
            }
        }
        // Redis time is asked only when some pause was ever set: the common case costs one call
        long left = until == 0 ? 0 : until - currentMicros();
        return left > 0 ? Clearance.of(left) : "1".equals(state.get(1)) ? Clearance.of(-4) : Clearance.SEND;
    }

    @Override
    public void complete(String source, String member) {
        redis.execute(COMPLETE, List.of(keys.inFlight(source), keys.log(source), keys.reserved(source)), member);
    }

    @Override
    public void renew(String source, Duration ttl, Collection<String> members) {
        List<String> args = new ArrayList<>();
        args.add(micros(ttl));
        args.addAll(members);
        redis.execute(RENEW, List.of(keys.inFlight(source)), args.toArray());
    }

    @Override
    public PushBackResult pushedBack(String source, SourceLimits limits, PushBack pushBack, String answered) {
        Duration pause = pushBack.retryAfter() != null
                ? pushBack.retryAfter()
                : pushBack.kind() == PushBack.Kind.BANNED ? properties.banPause() : properties.defaultPause();
        List<String> args = new ArrayList<>(List.of(
                pushBack.kind().name().toLowerCase(Locale.ROOT),
                micros(pause),
                pushBack.reason(),
                Integer.toString(limits.weight()),
                Double.toString(limits.safetyFactor()),
                Double.toString(properties.minShare()),
                micros(properties.guard())));
        addWindows(args, limits);
        args.add(answered == null ? "" : answered);
        List<?> reply = redis.execute(
                PUSH_BACK,
                List.of(
                        keys.state(source),
                        keys.inFlight(source),
                        keys.log(source),
                        keys.fixed(source),
                        keys.reserved(source)),
                args.toArray());
        return new PushBackResult(
                Duration.ofNanos(Long.parseLong((String) reply.get(0)) * 1000),
                Double.parseDouble((String) reply.get(1)));
    }

    @Override
    public boolean breaker(String source, BreakerEvent event, Duration openFor) {
        String reply = redis.execute(
                BREAKER, List.of(keys.state(source)), event.name().toLowerCase(Locale.ROOT), micros(openFor));
        return !"unchanged".equals(reply);
    }

    @Override
    public void reported(String source, SourceLimits limits, ServerUsage usage) {
        List<String> args = new ArrayList<>();
        List<RateWindow> windows = limits.chargedWindows();
        switch (usage.kind()) {
            case USED -> {
                args.addAll(
                        List.of("used", Long.toString(usage.value()), micros(usage.span()), micros(usage.sentAgo())));
                for (int i = 0; i < windows.size(); i++) {
                    RateWindow w = windows.get(i);
                    if (w.fixed() && w.period().equals(usage.span())) {
                        args.add(Integer.toString(i + 1));
                    }
                }
                if (args.size() == 4) {
                    return;
                }
            }
            case REMAINING ->
                args.addAll(List.of("remaining", Long.toString(usage.value()), micros(usage.span()), "0"));
            case QUOTA -> {
                double share = quotaShare(limits, usage);
                if (Double.isNaN(share) || share >= 1 || !quotaWorthSending(source, share)) {
                    return;
                }
                args.addAll(List.of(
                        "quota",
                        Double.toString(share),
                        micros(usage.span()),
                        "0",
                        Double.toString(properties.minShare())));
            }
        }
        redis.execute(USAGE, List.of(keys.state(source), keys.inFlight(source), keys.fixed(source)), args.toArray());
    }

    /**
     * Whether a quota share must go to Redis: a source that publishes its policy says the same on every answer, so
     * an unchanged share is sent again only after {@link #QUOTA_REFRESH} or a quarter of the probe interval,
     * whichever is shorter: often enough to hold the learned share there, and to put it back soon after an
     * operator forgot it.
     */
    private boolean quotaWorthSending(String source, double share) {
        long now = System.nanoTime();
        SentQuota last = quotas.get(source);
        long refresh =
                Math.min(QUOTA_REFRESH.toNanos(), properties.probeInterval().toNanos() / 4);
        if (last != null && last.share() == share && now - last.at() < refresh) {
            return false;
        }
        quotas.put(source, new SentQuota(share, now));
        return true;
    }

    /**
     * The share of the configured limits a published quota allows: its weight over the limit (times the safety
     * factor) of the source's window of the same period, the tightest if several; NaN when no window has that
     * period (the server's remaining budget, reported beside it, still bounds what goes out).
     */
    private static double quotaShare(SourceLimits limits, ServerUsage quota) {
        List<RateWindow> enforced = new ArrayList<>(limits.windows());
        if (limits.cps() > 0) {
            enforced.add(RateWindow.perSecond(limits.cps()));
        }
        return enforced.stream()
                .filter(w -> w.period().equals(quota.span()))
                .mapToDouble(w -> quota.value() / (w.limit() * limits.safetyFactor()))
                .min()
                .orElse(Double.NaN);
    }

    /**
     * The window count, then {@code between} (arguments a script reads before the windows), then per window
     * ({@link SourceLimits#chargedWindows}): limit, period, fixed, and how it is charged: 0 one per request (cps),
     * 1 by weight, 2 one per request but only to space requests (the burst window: no source counts it, so nothing
     * is learned from it).
     */
    private void addWindows(List<String> args, SourceLimits limits, String... between) {
        List<RateWindow> windows = limits.chargedWindows();
        int counted = limits.countedWindows();
        args.add(Integer.toString(windows.size()));
        args.addAll(List.of(between));
        for (int i = 0; i < windows.size(); i++) {
            RateWindow w = windows.get(i);
            args.add(Long.toString(w.limit()));
            args.add(micros(w.period()));
            args.add(w.fixed() ? "1" : "0");
            args.add(i >= counted ? "1" : i == 1 ? "2" : "0");
        }
    }

    private long currentMicros() {
        Long micros = redis.execute(
                (RedisCallback<Long>) connection -> connection.serverCommands().time(TimeUnit.MICROSECONDS));
        return micros == null ? 0 : micros;
    }

    private static String micros(Duration duration) {
        return Long.toString(duration.toNanos() / 1000);
    }

    private static <T> RedisScript<T> script(String name, Class<T> type) {
        return RedisScript.of(new ClassPathResource("redis/" + name + ".lua"), type);
    }
}
