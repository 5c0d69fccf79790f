package io.trawl.orchestrator.sources;

import java.util.List;

/**
 * {@code PUT /sources/{id}/limits} body. Omitted fields keep their current value; none of them can switch a
 * limit off (to go back to the configured limits, {@code DELETE /sources/{id}/limits}).
 *
 * @param cps requests per sliding second, at least 1
 * @param burst requests that may go back to back, 1..{@code cps}
 * @param safetyFactor share of every limit to use, 0.05..1
 * @param concurrency requests in flight across the cluster, 0 for no concurrency limit
 * @param weight what one request costs in {@code windows}, 1..100000
 * @param windows further windows, replacing the current ones: each a limit, a period ({@code 1s}, {@code 1m},
 *     {@code 1h}, {@code 1d} or ISO-8601) and whether it is aligned to the clock
 * @param counting {@code ARRIVAL} (count until the arrival bound) or {@code ANSWER} (until the answer)
 * @param oneWayDelay the arrival bound, e.g. {@code 10ms}
 */
public record LimitsRequest(
        Integer cps,
        Integer burst,
        Double safetyFactor,
        Integer concurrency,
        Integer weight,
        List<WindowRequest> windows,
        String counting,
        String oneWayDelay) {

    /**
     * One window of a {@link LimitsRequest}.
     *
     * @param limit weight allowed per window, at least 1
     * @param period e.g. {@code 1m}
     * @param fixed aligned to the clock (default false: sliding)
     */
    public record WindowRequest(Long limit, String period, Boolean fixed) {}
}
