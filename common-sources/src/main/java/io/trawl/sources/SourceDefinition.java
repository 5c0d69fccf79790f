package io.trawl.sources;

import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * How to collect from one configured source; bound from {@code trawl.sources.<id>} by both services.
 *
 * @param type connector kind
 * @param dataset dataset name used in object keys and tasks, e.g. {@code klines}
 * @param intervals intervals the source offers, e.g. {@code [1d, 1h]}; the first is the default
 * @param urlTemplate archive URL with {@code {SYMBOL}}, {@code {interval}}, {@code {YYYY}}, {@code {MM}}
 * @param checksumSuffix appended to the archive URL to get its sha256 sidecar; default {@code .CHECKSUM}
 * @param extension file extension of stored objects; default {@code zip}
 * @param limits rate and concurrency limits of the source; default none
 */
public record SourceDefinition(
        SourceType type,
        String dataset,
        List<String> intervals,
        String urlTemplate,
        String checksumSuffix,
        String extension,
        SourceLimits limits) {

    private static final Pattern EXTENSION = Pattern.compile("[a-z0-9]{1,8}");

    public SourceDefinition {
        Objects.requireNonNull(type, "type must be set");
        if (dataset == null || dataset.isBlank()) {
            throw new IllegalArgumentException("dataset must be set");
        }
        intervals = intervals == null || intervals.isEmpty() ? List.of("1d") : List.copyOf(intervals);
        if (urlTemplate == null || !urlTemplate.contains("{SYMBOL}")) {
            throw new IllegalArgumentException("url-template must contain {SYMBOL} but was '" + urlTemplate + "'");
        }
        checksumSuffix = checksumSuffix == null ? ".CHECKSUM" : checksumSuffix;
        extension = extension == null ? "zip" : extension;
        if (!EXTENSION.matcher(extension).matches()) {
            throw new IllegalArgumentException("extension must match " + EXTENSION + " but was '" + extension + "'");
        }
        limits = limits == null ? SourceLimits.NONE : limits;
    }

    /** The interval used when a request names none. */
    public String defaultInterval() {
        return intervals.getFirst();
    }
}
