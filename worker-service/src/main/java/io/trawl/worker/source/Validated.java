package io.trawl.worker.source;

/**
 * A fetched partition whose content passed its validator.
 *
 * @param fetched what was fetched
 * @param rows data rows in it
 */
public record Validated(Fetched fetched, long rows) {}
