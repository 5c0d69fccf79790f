package io.trawl.sources;

import io.trawl.messages.Partition;
import java.util.Optional;

/**
 * The deterministic object key layout {@code <source>/<dataset>-<interval>/<symbol>/<partition>.<ext>}, where
 * the partition is its {@link Partition#token() token} ({@code 2024-03}, {@code 2024-03-05},
 * {@code 20240301T000000Z_20240401T000000Z}): a redelivered or re-run task rewrites the same object, and a
 * listing by prefix answers "what do we have".
 */
public final class ObjectKeys {

    /** Extension of the empty marker that records "the source has no data for this partition". */
    public static final String NO_DATA_EXTENSION = "nodata";

    private ObjectKeys() {}

    /** The key of one partition. Inputs are validated by the task message before they get here. */
    public static String of(
            String source, String dataset, String interval, String symbol, Partition partition, String extension) {
        return prefix(source, dataset, interval, symbol) + partition.token() + "." + extension;
    }

    /** The prefix under which all partitions of one symbol's dataset live. */
    public static String prefix(String source, String dataset, String interval, String symbol) {
        return source + "/" + dataset + "-" + interval + "/" + symbol + "/";
    }

    /** The partition a key under {@code prefix} holds, or empty if the key is not a partition object. */
    public static Optional<Partition> partitionOf(String prefix, String key, String extension) {
        String suffix = "." + extension;
        if (!key.startsWith(prefix) || !key.endsWith(suffix) || key.length() < prefix.length() + suffix.length()) {
            return Optional.empty();
        }
        return Partition.parse(key.substring(prefix.length(), key.length() - suffix.length()));
    }
}
