package io.trawl.orchestrator.planning;

/**
 * One instrument of the symbol catalog.
 *
 * @param symbol e.g. {@code BTCUSDT}
 * @param market e.g. {@code crypto}
 * @param sector e.g. {@code defi}
 */
public record CatalogEntry(String symbol, String market, String sector) {}
