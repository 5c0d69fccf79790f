package io.trawl.orchestrator.sources;

/**
 * {@code PUT /sources/{id}/limits} body. Omitted fields keep their current value.
 *
 * @param cps requests per sliding second, 0 for no rate limit
 * @param burst requests that may go back to back, at most {@code cps}
 * @param safetyFactor share of {@code cps} to use, (0, 1]
 * @param concurrency requests in flight across the cluster, 0 for no limit
 */
public record LimitsRequest(Integer cps, Integer burst, Double safetyFactor, Integer concurrency) {}
