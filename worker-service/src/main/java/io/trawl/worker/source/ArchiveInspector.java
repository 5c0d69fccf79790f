package io.trawl.worker.source;

import io.trawl.messages.CollectTask;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
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

    private static final int MIN_FIELDS = 6;
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
        long lineNumber = 0;
        try (BufferedReader reader = new BufferedReader(
                new InputStreamReader(zip.getInputStream(entry), StandardCharsets.US_ASCII), 64 * 1024)) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                lineNumber++;
                if (line.isBlank() || (lineNumber == 1 && isHeader(line))) {
                    continue;
                }
                validate(
                        url,
                        entry.getName() + " line " + lineNumber,
                        parse(url, entry.getName(), lineNumber, line),
                        rules);
            }
        }
    }

    private static boolean isHeader(String line) {
        return !line.isEmpty() && Character.isLetter(line.charAt(0));
    }

    private record Row(long openTime, double open, double high, double low, double close, double volume) {}

    private static Row parse(String url, String entry, long lineNumber, String line) {
        String[] fields = line.split(",", -1);
        if (fields.length < MIN_FIELDS) {
            throw SourceFailure.invalidData(
                    url,
                    entry + " line " + lineNumber + " has " + fields.length + " fields, expected at least "
                            + MIN_FIELDS);
        }
        double[] values = new double[MIN_FIELDS];
        for (int i = 0; i < MIN_FIELDS; i++) {
            try {
                values[i] = Double.parseDouble(fields[i]);
            } catch (NumberFormatException e) {
                throw SourceFailure.invalidData(
                        url,
                        entry + " line " + lineNumber + " field " + (i + 1) + " is not a number: '" + fields[i] + "'");
            }
        }
        long openTime = (long) values[0];
        return new Row(openTime, values[1], values[2], values[3], values[4], values[5]);
    }

    private static void validate(String url, String where, Row row, OhlcvRules rules) {
        long millis = row.openTime() >= MICROS_THRESHOLD ? row.openTime() / 1000 : row.openTime();
        rules.check(url, where, millis, row.open(), row.high(), row.low(), row.close(), row.volume());
    }
}
