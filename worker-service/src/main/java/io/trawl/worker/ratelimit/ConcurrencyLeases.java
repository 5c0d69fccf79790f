package io.trawl.worker.ratelimit;

import io.micrometer.core.instrument.MeterRegistry;
import io.trawl.infra.TrawlProperties;
import io.trawl.sources.SourceType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.ClassPathResource;
import org.springframework.dao.DataAccessException;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Component;

/**
 * Cluster-wide concurrency limits per source, per source type and global, as Redis leases: one sorted set
 * per scope, scored by the lease deadline. Held leases are renewed every third of their TTL; a worker that
 * dies stops renewing and its permits return when the TTL runs out. Waiting for a permit retries with a
 * short jittered pause; while Redis is unreachable nobody gets one (fail closed).
 */
@Component
public class ConcurrencyLeases implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ConcurrencyLeases.class);
    private static final RedisScript<Long> ACQUIRE =
            RedisScript.of(new ClassPathResource("redis/lease-acquire.lua"), Long.class);
    private static final RedisScript<Long> RENEW =
            RedisScript.of(new ClassPathResource("redis/lease-renew.lua"), Long.class);

    private final StringRedisTemplate redis;
    private final LiveLimits limits;
    private final LimitProperties properties;
    private final MeterRegistry meters;
    private final String prefix;
    private final Set<Lease> held = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService renewer = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("lease-renewer").daemon().factory());

    public ConcurrencyLeases(
            StringRedisTemplate redis,
            LiveLimits limits,
            LimitProperties properties,
            TrawlProperties trawl,
            MeterRegistry meters) {
        this.redis = redis;
        this.limits = limits;
        this.properties = properties;
        this.meters = meters;
        this.prefix = trawl.topology().redis().leases(trawl.namespace());
        long period = Math.max(100, properties.leaseTtl().toMillis() / 3);
        renewer.scheduleAtFixedRate(this::renewAll, period, period, TimeUnit.MILLISECONDS);
    }

    /**
     * Waits for a permit in every limited scope: the source, its type, all sources, and the job when it runs
     * with limited concurrency ({@code jobConcurrency} > 0; 1 = sequential). Waiters are served by
     * {@code priority} (AMQP 0..9, higher first), then in arrival order.
     */
    public Lease acquire(String source, SourceType type, String jobId, int jobConcurrency, int priority)
            throws InterruptedException {
        List<String> keys = new ArrayList<>();
        List<String> args = new ArrayList<>();
        String id = UUID.randomUUID().toString();
        args.add(id);
        args.add(Long.toString(properties.leaseTtl().toMillis()));
        long started = System.nanoTime();
        // priority first, then arrival: (9 - priority) * 10^13 + arrival millis fits a double exactly
        args.add(Long.toString((9L - Math.clamp(priority, 0, 9)) * 10_000_000_000_000L + System.currentTimeMillis()));
        while (true) {
            try {
                keys.clear();
                args.subList(3, args.size()).clear();
                scope(keys, args, "source:" + source, limits.current(source).concurrency());
                scope(
                        keys,
                        args,
                        "type:" + type.name().toLowerCase(Locale.ROOT),
                        properties.typeConcurrency().getOrDefault(type, 0));
                scope(keys, args, "global", properties.globalConcurrency());
                scope(keys, args, "job:" + jobId, jobConcurrency);
                if (keys.isEmpty()) {
                    return new Lease(id, List.of(), this);
                }
                if (redis.execute(ACQUIRE, keys, args.toArray()) == 1L) {
                    Lease lease = new Lease(id, leaseKeys(keys), this);
                    held.add(lease);
                    meters.timer("trawl.limiter.lease.wait", "source", source)
                            .record(Duration.ofNanos(System.nanoTime() - started));
                    return lease;
                }
                Thread.sleep(ThreadLocalRandom.current().nextLong(20, 80));
            } catch (DataAccessException e) {
                log.warn(
                        "Leases unreachable for {}; holding requests for {}: {}",
                        source,
                        properties.redisRetry(),
                        e.getMessage());
                Thread.sleep(properties.redisRetry());
            }
        }
    }

    private static List<String> leaseKeys(List<String> scopeKeys) {
        List<String> leases = new ArrayList<>();
        for (int i = 0; i < scopeKeys.size(); i += 3) {
            leases.add(scopeKeys.get(i));
        }
        return List.copyOf(leases);
    }

    void release(Lease lease) {
        if (lease.scopeKeys().isEmpty() || !held.remove(lease)) {
            return;
        }
        try {
            Uninterrupted.run(() -> {
                for (String key : lease.scopeKeys()) {
                    redis.opsForZSet().remove(key, lease.id());
                }
            });
        } catch (DataAccessException e) {
            log.warn("Could not release lease {} (it expires by itself): {}", lease.id(), e.getMessage());
        }
    }

    private void scope(List<String> keys, List<String> args, String scope, int limit) {
        if (limit > 0) {
            keys.add(prefix + scope);
            keys.add(prefix + scope + ":queue");
            keys.add(prefix + scope + ":seen");
            args.add(Integer.toString(limit));
        }
    }

    private void renewAll() {
        for (Lease lease : held) {
            try {
                Long stillHeld = redis.execute(
                        RENEW,
                        lease.scopeKeys(),
                        lease.id(),
                        Long.toString(properties.leaseTtl().toMillis()));
                if (stillHeld == null || stillHeld < lease.scopeKeys().size()) {
                    log.warn("Lease {} had expired in some scope before renewal", lease.id());
                }
            } catch (RuntimeException e) {
                log.warn("Could not renew lease {}: {}", lease.id(), e.getMessage());
            }
        }
    }

    @Override
    public void close() {
        renewer.shutdownNow();
    }
}
