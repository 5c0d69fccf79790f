package io.trawl.worker.ratelimit;

import io.trawl.sources.SourceType;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How workers enforce limits ({@code trawl.limits}); the limits themselves are per source
 * ({@code trawl.sources.<id>.limits}) and can be changed live through the orchestrator.
 *
 * @param guard added to every one-second window: headroom for how coarsely the source timestamps requests
 *     (latency jitter needs none: a request counts until its answer)
 * @param decrease factor applied to a source's effective rate on a 429 or 503
 * @param minFactor the effective rate never drops below this share of the configured one
 * @param recoveryPerSecond share of the configured rate recovered per second after a decrease
 * @param defaultPause cluster-wide pause after a 429/503 without {@code Retry-After}
 * @param redisRetry wait before asking Redis again when it is unreachable (workers fail closed)
 * @param globalConcurrency requests in flight across all sources and workers; 0 = no limit
 * @param typeConcurrency requests in flight per source type across workers, e.g. {@code http-archive: 8}
 * @param inFlightTtl a request reserved but never completed (its worker died) stops counting as in flight
 *     after this; longer than the longest request to a source
 * @param leaseTtl how long a concurrency permit lives without renewal (a killed worker's permits return
 *     after this)
 */
@Validated
@ConfigurationProperties("trawl.limits")
public record LimitProperties(
        @DefaultValue("5ms") @NotNull Duration guard,

        @DefaultValue("0.5") @DecimalMin("0.05") @DecimalMax("1.0")
        double decrease,

        @DefaultValue("0.1") @DecimalMin("0.01") @DecimalMax("1.0")
        double minFactor,

        @DefaultValue("0.05") @DecimalMin("0.0") double recoveryPerSecond,
        @DefaultValue("1s") @NotNull Duration defaultPause,
        @DefaultValue("1s") @NotNull Duration redisRetry,
        @DefaultValue("0") @Min(0) int globalConcurrency,
        Map<SourceType, Integer> typeConcurrency,
        @DefaultValue("2m") @NotNull Duration inFlightTtl,
        @DefaultValue("15s") @NotNull Duration leaseTtl) {

    public LimitProperties {
        typeConcurrency = typeConcurrency == null ? Map.of() : Map.copyOf(typeConcurrency);
    }
}
