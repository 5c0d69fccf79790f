package io.trawl.infra.limits;

import java.time.Instant;

/**
 * What the limiter knows about a source right now, as operators see it.
 *
 * @param status {@code active}, {@code paused} (by an operator), {@code banned}, {@code cooling-down} (after a
 *     push-back), {@code breaker-open} (failing: cut off) or {@code breaker-half-open} (one probe at a time)
 * @param pausedByOperator whether an operator paused it
 * @param cooldownUntil end of the pause after the last 429/503, if still ahead
 * @param bannedUntil end of the ban the source announced, if still ahead
 * @param banReason what the source said when it banned Trawl
 * @param breakerOpenUntil end of the open circuit breaker, if still ahead
 * @param learnedShare share of the configured limits the source turned out to accept (1 = all of it)
 * @param throttles rate-limit answers (429) received in total
 * @param bans bans received in total
 * @param lastPushBack the last push-back, e.g. {@code 429 Retry-After 1s}
 */
public record SourceState(
        String status,
        boolean pausedByOperator,
        Instant cooldownUntil,
        Instant bannedUntil,
        String banReason,
        Instant breakerOpenUntil,
        double learnedShare,
        long throttles,
        long bans,
        String lastPushBack) {}
