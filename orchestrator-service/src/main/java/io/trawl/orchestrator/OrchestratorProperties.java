package io.trawl.orchestrator;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the orchestrator ({@code trawl.orchestrator}).
 *
 * @param catalog location of the symbol catalog CSV ({@code symbol,market,sector})
 * @param maxTasksPerJob largest job a request may create
 * @param maxMonths widest date range a request may ask for
 * @param eventConsumers concurrent consumers of worker events
 * @param recentJobs how many jobs {@code GET /collections} lists
 */
@Validated
@ConfigurationProperties("trawl.orchestrator")
public record OrchestratorProperties(
        @DefaultValue("classpath:catalog/symbols.csv") @NotBlank
        String catalog,

        @DefaultValue("200000") @Min(1) int maxTasksPerJob,
        @DefaultValue("600") @Min(1) int maxMonths,
        @DefaultValue("4") @Min(1) @Max(64) int eventConsumers,
        @DefaultValue("50") @Min(1) @Max(1000) int recentJobs) {}
