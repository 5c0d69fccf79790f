package io.trawl.orchestrator.deadletters;

import io.trawl.infra.TrawlProperties;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;
import org.springframework.web.ErrorResponseException;

/**
 * One reader of the dead-letter queue at a time, across every orchestrator replica: a summary or a replay takes
 * messages off the queue while it reads them, so two at once would each see part of it (and a replay could
 * count what another had put back). Held in Redis, with an expiry in case its holder dies.
 */
@Component
class DeadLetterLock {

    static final Duration HOLD = Duration.ofMinutes(2);
    static final Duration WAIT = Duration.ofSeconds(30);
    private static final RedisScript<Long> RELEASE = RedisScript.of(
            "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0", Long.class);

    private final StringRedisTemplate redis;
    private final String key;

    DeadLetterLock(StringRedisTemplate redis, TrawlProperties trawl) {
        this.redis = redis;
        this.key = trawl.topology().redis().deadLetterLock();
    }

    /** Runs {@code work} holding the lock; answers 503 (problem detail) when it is not free within 30 s. */
    <T> T holding(Supplier<T> work) {
        String token = UUID.randomUUID().toString();
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!Boolean.TRUE.equals(redis.opsForValue().setIfAbsent(key, token, HOLD))) {
            if (System.nanoTime() > deadline) {
                ProblemDetail busy = ProblemDetail.forStatusAndDetail(
                        HttpStatus.SERVICE_UNAVAILABLE,
                        "the dead-letter queue has been read by another request for more than " + WAIT.toSeconds()
                                + " s; try again");
                busy.setTitle("Dead letters busy");
                throw new ErrorResponseException(HttpStatus.SERVICE_UNAVAILABLE, busy, null);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting to read the dead-letter queue", e);
            }
        }
        try {
            return work.get();
        } finally {
            redis.execute(RELEASE, List.of(key), token);
        }
    }
}
