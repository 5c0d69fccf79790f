package io.trawl.simulator;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.SplittableRandom;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Builds the same monthly kline archive for the same source, symbol, interval and month, every time: a zip
 * holding one CSV in the public exchange-archive column layout (open time, open, high, low, close, volume,
 * close time, quote volume, trades, taker buy base, taker buy quote, ignore).
 */
public final class ArchiveGenerator {

    private ArchiveGenerator() {}

    /** The archive bytes. */
    public static byte[] archive(String source, String symbol, String interval, YearMonth month) {
        return zip(fileName(symbol, interval, month), monthStart(month), csv(source, symbol, interval, month));
    }

    /** One day's archive: the rows of the month's archive that open on that day. */
    public static byte[] dailyArchive(String source, String symbol, String interval, LocalDate day) {
        YearMonth month = YearMonth.from(day);
        long from = day.atStartOfDay().toInstant(ZoneOffset.UTC).toEpochMilli();
        long until = day.plusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC).toEpochMilli();
        StringBuilder rows = new StringBuilder();
        for (String line : csv(source, symbol, interval, month).split("\n")) {
            long openTime = Long.parseLong(line.substring(0, line.indexOf(',')));
            if (openTime >= from && openTime < until) {
                rows.append(line).append('\n');
            }
        }
        String name = fileName(symbol, interval, month) + "-%02d".formatted(day.getDayOfMonth());
        return zip(name, day.atStartOfDay().toInstant(ZoneOffset.UTC).toEpochMilli(), rows.toString());
    }

    /** The archive with its second row broken: its high is set below its close. */
    public static byte[] invalidArchive(String source, String symbol, String interval, YearMonth month) {
        String[] lines = csv(source, symbol, interval, month).split("\n", -1);
        String[] fields = lines[1].split(",", -1);
        fields[2] = fmt(Double.parseDouble(fields[4]) * 0.5);
        lines[1] = String.join(",", fields);
        return zip(fileName(symbol, interval, month), monthStart(month), String.join("\n", lines));
    }

    private static long monthStart(YearMonth month) {
        return month.atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC).toEpochMilli();
    }

    private static byte[] zip(String name, long entryTime, String csv) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(4096);
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            ZipEntry entry = new ZipEntry(name + ".csv");
            entry.setTime(entryTime);
            zip.putNextEntry(entry);
            zip.write(csv.getBytes(StandardCharsets.US_ASCII));
            zip.closeEntry();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** Rows in the archive: one per interval step in the month. */
    public static int rows(String interval, YearMonth month) {
        return (int) (Duration.ofDays(month.lengthOfMonth()).toMillis()
                / step(interval).toMillis());
    }

    /** {@code SYMBOL-interval-YYYY-MM}, the archive's base file name. */
    public static String fileName(String symbol, String interval, YearMonth month) {
        return symbol + "-" + interval + "-" + month;
    }

    /** Hex sha256 of the bytes. */
    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The candles of a month as CSV lines in the archive's column layout: the same candles the month's archive
     * holds, so an exchange's REST API and its archives agree.
     */
    public static String[] rowsOf(String source, String symbol, String interval, YearMonth month) {
        return csv(source, symbol, interval, month).split("\n");
    }

    /** Length of one candle of {@code interval} ({@code 1m}, {@code 1h}, {@code 1d}...). */
    public static Duration stepOf(String interval) {
        return step(interval);
    }

    private static String csv(String source, String symbol, String interval, YearMonth month) {
        SplittableRandom random =
                new SplittableRandom((source + "/" + symbol + "/" + interval + "/" + month).hashCode());
        long stepMillis = step(interval).toMillis();
        long start = month.atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC).toEpochMilli();
        double price = 10 + random.nextDouble(990);
        StringBuilder csv = new StringBuilder(rows(interval, month) * 96);
        for (int i = 0; i < rows(interval, month); i++) {
            double open = price;
            double close = Math.max(0.01, open * (1 + random.nextDouble(-0.03, 0.03)));
            double high = Math.max(open, close) * (1 + random.nextDouble(0.02));
            double low = Math.min(open, close) * (1 - random.nextDouble(0.02));
            double volume = random.nextDouble(1_000, 100_000);
            long openTime = start + i * stepMillis;
            csv.append(openTime)
                    .append(',')
                    .append(fmt(open))
                    .append(',')
                    .append(fmt(high))
                    .append(',')
                    .append(fmt(low))
                    .append(',')
                    .append(fmt(close))
                    .append(',')
                    .append(fmt(volume))
                    .append(',')
                    .append(openTime + stepMillis - 1)
                    .append(',')
                    .append(fmt(volume * close))
                    .append(',')
                    .append(random.nextInt(100, 10_000))
                    .append(',')
                    .append(fmt(volume / 2))
                    .append(',')
                    .append(fmt(volume * close / 2))
                    .append(",0\n");
            price = close;
        }
        return csv.toString();
    }

    private static String fmt(double value) {
        return String.format(java.util.Locale.ROOT, "%.8f", value);
    }

    private static Duration step(String interval) {
        int amount = Integer.parseInt(interval.substring(0, interval.length() - 1));
        return switch (interval.charAt(interval.length() - 1)) {
            case 'm' -> Duration.ofMinutes(amount);
            case 'h' -> Duration.ofHours(amount);
            case 'd' -> Duration.ofDays(amount);
            default -> throw new IllegalArgumentException("unsupported interval '" + interval + "'");
        };
    }
}
