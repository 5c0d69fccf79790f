package io.trawl.sources;

import java.time.LocalDate;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * The deterministic object key layout {@code <source>/<dataset>-<interval>/<symbol>/<YYYY-MM>.<ext>}: a
 * redelivered or re-run task rewrites the same object, and a listing by prefix answers "what do we have".
 */
public final class ObjectKeys {

    /** Extension of the empty marker that records "the source has no data for this partition". */
    public static final String NO_DATA_EXTENSION = "nodata";

    private ObjectKeys() {}

    /** The key of one partition. Inputs are validated by the task message before they get here. */
    public static String of(
            String source, String dataset, String interval, String symbol, YearMonth partition, String extension) {
        return prefix(source, dataset, interval, symbol) + partition + "." + extension;
    }

    /** The key of one day of a month still growing: {@code .../<symbol>/<YYYY-MM-DD>.<ext>}. */
    public static String ofDay(
            String source, String dataset, String interval, String symbol, LocalDate day, String extension) {
        return prefix(source, dataset, interval, symbol) + day + "." + extension;
    }

    /** The prefix under which all partitions of one symbol's dataset live. */
    public static String prefix(String source, String dataset, String interval, String symbol) {
        return source + "/" + dataset + "-" + interval + "/" + symbol + "/";
    }

    /** The partition a key under {@code prefix} holds, or empty if the key is not a partition object. */
    public static Optional<YearMonth> partitionOf(String prefix, String key, String extension) {
        String suffix = "." + extension;
        if (!key.startsWith(prefix) || !key.endsWith(suffix)) {
            return Optional.empty();
        }
        try {
            return Optional.of(YearMonth.parse(key.substring(prefix.length(), key.length() - suffix.length())));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /** The day a key under {@code prefix} holds, or empty if the key is not a day object. */
    public static Optional<LocalDate> dayOf(String prefix, String key, String extension) {
        String suffix = "." + extension;
        if (!key.startsWith(prefix) || !key.endsWith(suffix)) {
            return Optional.empty();
        }
        try {
            return Optional.of(LocalDate.parse(key.substring(prefix.length(), key.length() - suffix.length())));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
