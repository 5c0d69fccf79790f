package io.trawl.infra.limits;

import java.time.Duration;

/**
 * How full one of a source's rate windows is now, for the whole cluster.
 *
 * @param limit what the window allows
 * @param period its length
 * @param fixed aligned to the clock (a fixed bucket) rather than sliding
 * @param counts {@code requests} or {@code weight}
 * @param used what it holds now: requests answered within it, in flight and reserved (sliding), or its current
 *     bucket's charge (fixed)
 */
public record WindowUsage(long limit, Duration period, boolean fixed, String counts, long used) {}
