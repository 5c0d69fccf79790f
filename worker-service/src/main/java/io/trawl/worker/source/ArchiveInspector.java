package io.trawl.worker.source;

import io.trawl.messages.CollectTask;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
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

    static long countRows(String url, Path archive, CollectTask task) {
        Window window = task.date().map(Window::ofDay).orElseGet(() -> Window.of(task.partition()));
        long rows = 0;
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
                rows += countEntryRows(url, zip, entry, window);
            }
        } catch (IOException e) {
            throw SourceFailure.invalidData(url, "not a readable zip archive (" + e.getMessage() + ")");
        }
        if (csvEntries == 0) {
            throw SourceFailure.invalidData(url, "archive holds no .csv file");
        }
        return rows;
    }

    private static long countEntryRows(String url, ZipFile zip, ZipEntry entry, Window window) throws IOException {
        long rows = 0;
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
                        window);
                rows++;
            }
        }
        return rows;
    }

    private static boolean isHeader(String line) {
        return !line.isEmpty() && Character.isLetter(line.charAt(0));
    }

    /**
     * The open times a partition's rows may have, and the last one seen. Exchange archives list rows in
     * ascending open time, so a row not after the previous one is a duplicate or out of order; checking that
     * needs constant memory, however large the archive.
     */
    private static final class Window {
        final long fromMillis;
        final long toMillis;
        long previous = Long.MIN_VALUE;

        private Window(long fromMillis, long toMillis) {
            this.fromMillis = fromMillis;
            this.toMillis = toMillis;
        }

        static Window of(YearMonth month) {
            return between(month.atDay(1), month.plusMonths(1).atDay(1));
        }

        static Window ofDay(LocalDate day) {
            return between(day, day.plusDays(1));
        }

        private static Window between(LocalDate from, LocalDate until) {
            return new Window(
                    from.atStartOfDay().toInstant(ZoneOffset.UTC).toEpochMilli(),
                    until.atStartOfDay().toInstant(ZoneOffset.UTC).toEpochMilli());
        }
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

    private static void validate(String url, String where, Row row, Window window) {
        if (row.high() < Math.max(row.open(), row.close())) {
            throw SourceFailure.validation(
                    url,
                    where + ": high " + row.high() + " is below max(open " + row.open() + ", close " + row.close()
                            + ")");
        }
        if (row.low() > Math.min(row.open(), row.close())) {
            throw SourceFailure.validation(
                    url,
                    where + ": low " + row.low() + " is above min(open " + row.open() + ", close " + row.close() + ")");
        }
        if (row.volume() < 0) {
            throw SourceFailure.validation(url, where + ": volume " + row.volume() + " is negative");
        }
        long millis = row.openTime() >= MICROS_THRESHOLD ? row.openTime() / 1000 : row.openTime();
        if (millis < window.fromMillis || millis >= window.toMillis) {
            throw SourceFailure.validation(
                    url,
                    where + ": open time " + Instant.ofEpochMilli(millis) + " is outside the partition "
                            + Instant.ofEpochMilli(window.fromMillis) + " .. " + Instant.ofEpochMilli(window.toMillis));
        }
        if (millis <= window.previous) {
            throw SourceFailure.validation(
                    url,
                    where + ": open time " + Instant.ofEpochMilli(millis)
                            + (millis == window.previous
                                    ? " appears twice"
                                    : " is before the previous row's " + Instant.ofEpochMilli(window.previous)
                                            + " (rows must be in ascending open time)"));
        }
        window.previous = millis;
    }
}
