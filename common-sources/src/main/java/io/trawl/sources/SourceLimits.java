package io.trawl.sources;

/**
 * The limits a source imposes, enforced for the whole cluster.
 *
 * @param cps requests per second the source allows in any sliding second; 0 means no rate limit
 * @param burst requests that may go out back to back; at most {@code cps}; 0 means {@code cps}
 * @param safetyFactor share of {@code cps} Trawl uses, (0, 1]; e.g. 0.9 keeps 10% headroom
 * @param concurrency requests in flight at once for the source across all workers; 0 means no limit
 */
public record SourceLimits(int cps, int burst, double safetyFactor, int concurrency) {

    /** No limits. */
    public static final SourceLimits NONE = new SourceLimits(0, 0, 1.0, 0);

    public SourceLimits {
        if (cps < 0) {
            throw new IllegalArgumentException("cps must be >= 0 but was " + cps);
        }
        if (burst < 0) {
            throw new IllegalArgumentException("burst must be >= 0 but was " + burst);
        }
        burst = burst == 0 || burst > cps ? cps : burst;
        if (safetyFactor == 0) {
            safetyFactor = 1.0;
        }
        if (!(safetyFactor > 0 && safetyFactor <= 1)) {
            throw new IllegalArgumentException("safety-factor must be in (0, 1] but was " + safetyFactor);
        }
        if (concurrency < 0) {
            throw new IllegalArgumentException("concurrency must be >= 0 but was " + concurrency);
        }
    }

    /** Whether requests are rate limited. */
    public boolean rateLimited() {
        return cps > 0;
    }
}
