package io.trawl.worker.source;

import io.trawl.messages.CollectTask;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipInputStream;

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
                if (!isCsv(entry)) {
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

    /**
     * Checks an archive as it arrives (local headers, entry by entry, as {@link ZipInputStream} reads them): the
     * same rules as {@link #validate}, and the CSV entries read, for {@link Streamed#confirm} to hold against the
     * archive's central directory once the file is whole. Throws on anything it cannot vouch for; the file is then
     * checked again by {@link #validate}, which decides.
     */
    static Streamed stream(InputStream in, String url, CollectTask task) throws IOException {
        OhlcvRules rules = new OhlcvRules(task.partition(), 0);
        List<Entry> read = new ArrayList<>();
        ZipInputStream zip = new ZipInputStream(in);
        for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
            if (isCsv(entry)) {
                String name = entry.getName();
                KlineRows.read(zip, (line, openTime, open, high, low, close, volume) -> {
                    long millis = openTime >= MICROS_THRESHOLD ? openTime / 1000 : openTime;
                    rules.check(url, name, line, millis, open, high, low, close, volume);
                });
                // known once the entry was read whole (its CRC checked by the stream)
                read.add(new Entry(entry.getName(), entry.getSize(), entry.getCrc()));
            }
        }
        return new Streamed(List.copyOf(read), rules);
    }

    /** A CSV entry of an archive: name, uncompressed size, CRC-32. */
    record Entry(String name, long size, long crc) {}

    /**
     * What {@link #stream} found while the archive arrived: valid when the archive's central directory lists
     * exactly the CSV entries it read (a zip may hold local entries its directory does not list, or the reverse).
     */
    record Streamed(List<Entry> read, OhlcvRules rules) implements Fetched.Precheck {
        @Override
        public Validated confirm(Fetched fetched) {
            if (read.isEmpty() || !read.equals(csvEntries(fetched.file()))) {
                return null;
            }
            return rules.result(fetched);
        }
    }

    /** The CSV entries the archive's central directory lists, in order; null when it cannot be read. */
    private static List<Entry> csvEntries(Path archive) {
        List<Entry> listed = new ArrayList<>();
        try (ZipFile zip = new ZipFile(archive.toFile())) {
            Enumeration<? extends ZipEntry> entries = zip.entries();
            while (entries.hasMoreElements()) {
                ZipEntry entry = entries.nextElement();
                if (isCsv(entry)) {
                    listed.add(new Entry(entry.getName(), entry.getSize(), entry.getCrc()));
                }
            }
            return listed;
        } catch (IOException e) {
            return null;
        }
    }

    private static boolean isCsv(ZipEntry entry) {
        return !entry.isDirectory()
                && entry.getName().toLowerCase(java.util.Locale.ROOT).endsWith(".csv");
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
