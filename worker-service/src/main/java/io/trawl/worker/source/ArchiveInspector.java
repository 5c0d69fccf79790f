package io.trawl.worker.source;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Opens a verified archive and counts its CSV data rows, rejecting archives that hold no CSV or rows that
 * are not kline rows (at least six comma-separated fields, the first five numeric). A header line is
 * allowed and not counted. Reads entry by entry, so memory does not grow with the archive.
 */
final class ArchiveInspector {

    private static final int MIN_FIELDS = 6;

    private ArchiveInspector() {}

    static long countRows(String url, Path archive) {
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
                rows += countEntryRows(url, zip, entry);
            }
        } catch (IOException e) {
            throw SourceFailure.invalidData(url, "not a readable zip archive (" + e.getMessage() + ")");
        }
        if (csvEntries == 0) {
            throw SourceFailure.invalidData(url, "archive holds no .csv file");
        }
        return rows;
    }

    private static long countEntryRows(String url, ZipFile zip, ZipEntry entry) throws IOException {
        long rows = 0;
        long lineNumber = 0;
        try (BufferedReader reader = new BufferedReader(
                new InputStreamReader(zip.getInputStream(entry), StandardCharsets.US_ASCII), 64 * 1024)) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                lineNumber++;
                if (line.isBlank() || (lineNumber == 1 && isHeader(line))) {
                    continue;
                }
                requireKlineRow(url, entry.getName(), lineNumber, line);
                rows++;
            }
        }
        return rows;
    }

    private static boolean isHeader(String line) {
        return !line.isEmpty() && Character.isLetter(line.charAt(0));
    }

    private static void requireKlineRow(String url, String entry, long lineNumber, String line) {
        String[] fields = line.split(",", -1);
        if (fields.length < MIN_FIELDS) {
            throw SourceFailure.invalidData(
                    url,
                    entry + " line " + lineNumber + " has " + fields.length + " fields, expected at least "
                            + MIN_FIELDS);
        }
        for (int i = 0; i < 5; i++) {
            try {
                Double.parseDouble(fields[i]);
            } catch (NumberFormatException e) {
                throw SourceFailure.invalidData(
                        url,
                        entry + " line " + lineNumber + " field " + (i + 1) + " is not a number: '" + fields[i] + "'");
            }
        }
    }
}
