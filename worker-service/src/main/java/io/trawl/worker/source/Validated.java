package io.trawl.worker.source;

import java.time.Instant;

/**
 * A fetched partition whose content passed its validator.
 *
 * @param fetched what was fetched
 * @param rows data rows in it
 * @param firstOpen open time of its first candle, null when it has none
 * @param lastOpen open time of its last candle, null when it has none
 * @param gaps candles missing between its first and last one (counted for markets that trade without pause,
 *     reported, never invented); 0 otherwise
 */
public record Validated(Fetched fetched, long rows, Instant firstOpen, Instant lastOpen, long gaps) {}
