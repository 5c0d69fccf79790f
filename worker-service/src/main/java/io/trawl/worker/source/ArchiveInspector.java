package io.trawl.worker.source;

import io.trawl.messages.CollectTask;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Opens a verified archive, validates every OHLCV row and counts them. An archive is rejected when it holds no
 * CSV, when a row is not a kline row (at least six comma-separated fields, the first six numeric), or when a
 * row breaks OHLCV sense: high below max(open, close), low above min(open, close), negative volume, an open
 * time outside the partition, or an open time seen before. A header line is allowed and not counted. Open
 * times may be in milliseconds or (as in exchange archives since 2025) microseconds. Reads entry by entry;
 * memory grows only with the number of rows' open times.
 */
final class ArchiveInspector {

    private static final long MICROS_THRESHOLD = 100_000_000_000_000L;

    private ArchiveInspector() {}

    static Validated validate(Fetched fetched, CollectTask task) {
        String url = fetched.url();
        Path archive = fetched.file();
        OhlcvRules rules = new OhlcvRules(task.partition(), 0);
        int csvEntries = 0;
        try (ZipFile zip = new ZipFile(archive.toFile())) {
            Enumeration<? extends ZipEntry> entries = zip.entries();
            while (entries.hasMoreElements()) {
                ZipEntry entry = entries.nextElement();
                if (entry.isDirectory()
                        || !entry.getName().toLowerCase(java.util.Locale.ROOT).endsWith(".csv")) {
                    continue;
                }
                csvEntries++;
                validateEntry(url, zip, entry, rules);
            }
        } catch (IOException e) {
            throw SourceFailure.invalidData(url, "not a readable zip archive (" + e.getMessage() + ")");
        }
        if (csvEntries == 0) {
            throw SourceFailure.invalidData(url, "archive holds no .csv file");
        }
        return rules.result(fetched);
    }

    private static void validateEntry(String url, ZipFile zip, ZipEntry entry, OhlcvRules rules) throws IOException {
        try (InputStream in = zip.getInputStream(entry)) {
            KlineRows.read(in, (line, openTime, open, high, low, close, volume) -> {
                long millis = openTime >= MICROS_THRESHOLD ? openTime / 1000 : openTime;
                rules.check(url, entry.getName(), line, millis, open, high, low, close, volume);
            });
        } catch (KlineRows.BadRow e) {
            throw SourceFailure.invalidData(url, entry.getName() + " " + e.getMessage());
        }
    }
}
