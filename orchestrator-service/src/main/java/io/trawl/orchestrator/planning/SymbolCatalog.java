package io.trawl.orchestrator.planning;

import io.trawl.messages.CollectTask;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The symbols a collection can select by market and sector, read from a CSV data file
 * ({@code symbol,market,sector} with a header line).
 */
public final class SymbolCatalog {

    private final List<CatalogEntry> entries;

    public SymbolCatalog(List<CatalogEntry> entries) {
        this.entries = List.copyOf(entries);
    }

    /** Reads the catalog; a malformed line fails with its number. */
    public static SymbolCatalog read(String name, InputStream csv) {
        List<CatalogEntry> entries = new ArrayList<>();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(csv, StandardCharsets.UTF_8))) {
            String header = reader.readLine();
            if (header == null || !header.strip().equalsIgnoreCase("symbol,market,sector")) {
                throw new IllegalArgumentException(name + ": first line must be 'symbol,market,sector'");
            }
            int lineNumber = 1;
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                lineNumber++;
                if (line.isBlank()) {
                    continue;
                }
                String[] f = line.split(",", -1);
                if (f.length != 3 || !CollectTask.SYMBOL.matcher(f[0].strip()).matches()) {
                    throw new IllegalArgumentException(
                            name + " line " + lineNumber + " is not 'SYMBOL,market,sector': " + line);
                }
                entries.add(new CatalogEntry(f[0].strip(), norm(f[1]), norm(f[2])));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read symbol catalog " + name, e);
        }
        return new SymbolCatalog(entries);
    }

    /** Symbols in {@code market} (and {@code sector}, when given), in catalog order; case-insensitive. */
    public List<String> select(String market, String sector) {
        return entries.stream()
                .filter(e -> market == null || e.market().equals(norm(market)))
                .filter(e -> sector == null || e.sector().equals(norm(sector)))
                .map(CatalogEntry::symbol)
                .toList();
    }

    private static String norm(String value) {
        return value.strip().toLowerCase(Locale.ROOT);
    }
}
