package io.trawl.simulator;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * A synthetic archive of any size, written as a stream (never held in memory): one CSV entry of valid candles
 * in ascending open time spread over the month, stored without compression so the archive is about as large
 * as asked. The same arguments always give the same bytes, so its checksum can be computed by writing it once.
 */
public final class LargeArchive {

    private static final byte[] PRICES = ",100.5,101.0,99.5,100.0,12.5\n".getBytes(StandardCharsets.US_ASCII);

    private final String symbol;
    private final String interval;
    private final YearMonth month;
    private final long bytes;

    public LargeArchive(String symbol, String interval, YearMonth month, long bytes) {
        this.symbol = symbol;
        this.interval = interval;
        this.month = month;
        this.bytes = bytes;
    }

    /** Writes the archive to {@code out}. */
    public void writeTo(OutputStream out) throws IOException {
        long from = month.atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC).toEpochMilli();
        long span = month.plusMonths(1)
                        .atDay(1)
                        .atStartOfDay()
                        .toInstant(ZoneOffset.UTC)
                        .toEpochMilli()
                - from;
        long rows = Math.max(1, bytes / (13 + PRICES.length));
        long step = Math.max(1, span / rows);
        ZipOutputStream zip = new ZipOutputStream(out);
        zip.setLevel(Deflater.NO_COMPRESSION);
        ZipEntry entry = new ZipEntry(symbol + "-" + interval + "-" + month + ".csv");
        entry.setTime(from); // not the current time: the same arguments must give the same bytes
        zip.putNextEntry(entry);
        byte[] buffer = new byte[64 * 1024];
        int used = 0;
        for (long row = 0, time = from; row < rows && time < from + span; row++, time += step) {
            if (used > buffer.length - 64) {
                zip.write(buffer, 0, used);
                used = 0;
            }
            used = digits(time, buffer, used);
            System.arraycopy(PRICES, 0, buffer, used, PRICES.length);
            used += PRICES.length;
        }
        zip.write(buffer, 0, used);
        zip.closeEntry();
        zip.finish();
        zip.flush();
    }

    /** Writes the archive to {@code file} (as a server publishes a prepared file) and answers its summary. */
    public Summary writeTo(Path file) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            try (DigestOutputStream out = new DigestOutputStream(
                    new BufferedOutputStream(Files.newOutputStream(file), 1024 * 1024), sha256)) {
                writeTo(out);
            }
            return new Summary(HexFormat.of().formatHex(sha256.digest()), Files.size(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The archive's hex sha256 and its length in bytes. */
    public record Summary(String sha256, long length) {}

    private static int digits(long value, byte[] buffer, int at) {
        String text = Long.toString(value);
        for (int i = 0; i < text.length(); i++) {
            buffer[at + i] = (byte) text.charAt(i);
        }
        return at + text.length();
    }
}
