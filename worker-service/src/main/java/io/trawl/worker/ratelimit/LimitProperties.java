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
 * @param guard added to every window and to every arrival bound: headroom for how coarsely the source
 *     timestamps requests and for the moment between the last check and the bytes leaving
 * @param minShare the learned ceiling never drops below this share of the configured limits
 * @param probeStep share of the configured limits the learned ceiling climbs back after every quiet
 *     {@code probeInterval} (no push-back)
 * @param probeInterval how long a source must go without push-back before the ceiling probes upward
 * @param defaultPause cluster-wide pause after a 429/503 without {@code Retry-After}
 * @param banPause cluster-wide pause after a ban that names no end
 * @param maxHold a request waits inside the gate at most this long for a pause to end; a longer pause hands the
 *     task back to its runner, which waits outside the task's timeout
 * @param hold how long a reserved slot stays valid past its time if its holder does not confirm it (a dead or
 *     stalled worker)
 * @param redisRetry wait before asking Redis again when it is unreachable (workers fail closed)
 * @param globalConcurrency requests in flight across all sources and workers; 0 = no limit
 * @param typeConcurrency requests in flight per source type across workers, e.g. {@code http-archive: 8}
 * @param inFlightTtl a request counted until its answer stays in flight this long unless its worker renews it
 *     (every third of it); a killed worker's requests stop counting as in flight after this
 * @param leaseTtl how long a concurrency permit lives without renewal (a killed worker's permits return
 *     after this)
 * @param breaker when a source that keeps failing is cut off for the whole cluster
 * @param slowStart how a source Trawl never sent to before is approached
 */
@Validated
@ConfigurationProperties("trawl.limits")
public record LimitProperties(
        @DefaultValue("2ms") @NotNull Duration guard,

        @DefaultValue("0.1") @DecimalMin("0.01") @DecimalMax("1.0")
        double minShare,

        @DefaultValue("0.05") @DecimalMin("0.0") @DecimalMax("1.0")
        double probeStep,

        @DefaultValue("2m") @NotNull Duration probeInterval,
        @DefaultValue("1s") @NotNull Duration defaultPause,
        @DefaultValue("2m") @NotNull Duration banPause,
        @DefaultValue("5s") @NotNull Duration maxHold,
        @DefaultValue("2s") @NotNull Duration hold,
        @DefaultValue("1s") @NotNull Duration redisRetry,
        @DefaultValue("0") @Min(0) int globalConcurrency,
        Map<SourceType, Integer> typeConcurrency,
        @DefaultValue("4s") @NotNull Duration inFlightTtl,
        @DefaultValue("5s") @NotNull Duration leaseTtl,
        @DefaultValue @NotNull Breaker breaker,
        @DefaultValue @NotNull SlowStart slowStart) {

    public LimitProperties {
        typeConcurrency = typeConcurrency == null ? Map.of() : Map.copyOf(typeConcurrency);
    }

    /**
     * A source's slow start: its first requests ever go at {@code share} of its configured limits, climbing by
     * {@code step} of them every quiet {@code interval} until the limits or the source's first push-back (then the
     * ceiling is learned). A limit configured higher than the source's then costs a 429 or two at a rate just above
     * the real one, not a burst of them; the ramp happens once per source (its state is kept in Redis).
     *
     * @param share where a new source starts; 1 = no slow start
     * @param step share of the configured limits added every interval
     * @param interval how often the ceiling climbs while nothing pushes back
     */
    public record SlowStart(
            @DefaultValue("0.5") @DecimalMin("0.05") @DecimalMax("1.0")
            double share,

            @DefaultValue("0.1") @DecimalMin("0.01") @DecimalMax("1.0")
            double step,

            @DefaultValue("1s") @NotNull Duration interval) {

        /** Limits in full from the first request. */
        public static final SlowStart NONE = new SlowStart(1.0, 1.0, Duration.ofSeconds(1));
    }

    /**
     * A source's circuit breaker (Resilience4j, per worker; opened for the whole cluster).
     *
     * @param failureRate share of failed requests (connection errors, 5xx), in percent, that opens it
     * @param window the last requests of a worker the share is taken over
     * @param minimumCalls requests a worker must have made before the share counts
     * @param openFor how long the source is cut off before one probe request tests it
     */
    public record Breaker(
            @DefaultValue("80") @DecimalMin("1") @DecimalMax("100")
            float failureRate,

            @DefaultValue("50") @Min(1) int window,
            @DefaultValue("20") @Min(1) int minimumCalls,
            @DefaultValue("30s") @NotNull Duration openFor) {}
}
