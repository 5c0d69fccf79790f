package io.trawl.orchestrator.autoscaling;

import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How {@code GET /autoscaling/recommendation} sizes the worker pool ({@code trawl.autoscaling}).
 *
 * @param minWorkers fewest workers recommended, even with nothing to do (0 lets KEDA scale to zero)
 * @param maxWorkers most workers recommended
 * @param workerConcurrency tasks of one source a worker runs at once ({@code trawl.worker.concurrency}), used
 *     while no worker is live to show it
 * @param defaultServiceTime a task's service time assumed for a source none of whose tasks completed yet
 * @param headroom factor on the slots a rate limit can keep busy, so permits are not left unused while a slot
 *     is between tasks
 */
@Validated
@ConfigurationProperties("trawl.autoscaling")
public record AutoscalingProperties(
        @DefaultValue("0") @Min(0) int minWorkers,
        @DefaultValue("50") @Min(1) @Max(10_000) int maxWorkers,
        @DefaultValue("4") @Min(1) int workerConcurrency,
        @DefaultValue("1s") @NotNull Duration defaultServiceTime,
        @DefaultValue("1.2") @DecimalMin("1.0") double headroom) {}
