package io.trawl.sources;

import java.time.Duration;
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
 * @param timeout longest one attempt at a task may take before it is stopped as timed out (and retried);
 *     default 30 s, a job may set its own
 * @param maxAttempts tries of each request of a task before a transient failure is final; default 5
 * @param dailyUrlTemplate URL of one day's archive, with {@code {DD}} as well; when set, the current month
 *     (still growing, so not yet published as a month) is collected day by day; default none: the current
 *     month is fetched whole
 * @param candles how to read candles from a REST API (kind {@code rest-candles} only)
 * @param page how to read a page: items, fields, robots.txt (kind {@code page} only; default raw pages, robots.txt
 *     honoured)
 * @param checksumManifest URL of a manifest listing the sha256 of the source's files ({@code sha256sum} or BSD
 *     format, e.g. {@code SHA256SUMS}), each file checked against its line (kind {@code http-file} only)
 */
public record SourceDefinition(
        SourceType type,
        String dataset,
        List<String> intervals,
        String urlTemplate,
        String checksumSuffix,
        String extension,
        SourceLimits limits,
        Duration timeout,
        Integer maxAttempts,
        String dailyUrlTemplate,
        CandleApi candles,
        PageRules page,
        String checksumManifest) {

    /** Timeout of an attempt when the source sets none. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    /** Tries of a request when the source sets none. */
    public static final int DEFAULT_MAX_ATTEMPTS = 5;

    private static final Pattern EXTENSION = Pattern.compile("[a-z0-9]{1,8}(\\.[a-z0-9]{1,4})?");

    public SourceDefinition {
        Objects.requireNonNull(type, "type must be set");
        if (dataset == null || dataset.isBlank()) {
            throw new IllegalArgumentException("dataset must be set");
        }
        intervals = intervals == null || intervals.isEmpty() ? List.of("1d") : List.copyOf(intervals);
        switch (type) {
            case HTTP_ARCHIVE -> {
                if (urlTemplate == null || !urlTemplate.contains("{SYMBOL}")) {
                    throw new IllegalArgumentException(
                            "url-template must contain {SYMBOL} but was '" + urlTemplate + "'");
                }
                if (candles != null) {
                    throw new IllegalArgumentException("candles is for sources of type rest-candles only");
                }
            }
            case FEED, HTTP_FILE, PAGE -> {
                if (urlTemplate == null || !(urlTemplate.startsWith("http://") || urlTemplate.startsWith("https://"))) {
                    throw new IllegalArgumentException("the url-template of a "
                            + type.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-')
                            + " source must be an http(s) URL but was '" + urlTemplate + "'");
                }
                if (candles != null || dailyUrlTemplate != null) {
                    throw new IllegalArgumentException(
                            "a feed, http-file or page source sets url-template only, no candles or daily archives");
                }
            }
            case REST_CANDLES -> {
                if (candles == null) {
                    throw new IllegalArgumentException("a source of type rest-candles needs a candles block");
                }
                if (urlTemplate != null || dailyUrlTemplate != null) {
                    throw new IllegalArgumentException(
                            "url-template is for archives; a rest-candles source sets candles.url");
                }
                for (String interval : intervals) {
                    Intervals.duration(interval);
                }
            }
        }
        if (page != null && type != SourceType.PAGE) {
            throw new IllegalArgumentException("page is for sources of type page only");
        }
        page = type == SourceType.PAGE && page == null ? PageRules.RAW : page;
        if (checksumManifest != null
                && (type != SourceType.HTTP_FILE
                        || !(checksumManifest.startsWith("http://") || checksumManifest.startsWith("https://")))) {
            throw new IllegalArgumentException(
                    "checksum-manifest is the http(s) URL of an http-file source's manifest but was '"
                            + checksumManifest + "' on a source of type "
                            + type.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'));
        }
        // archives always publish a sidecar; a file has one only when the operator says where
        checksumSuffix = checksumSuffix == null ? (type == SourceType.HTTP_ARCHIVE ? ".CHECKSUM" : "") : checksumSuffix;
        extension = extension == null ? type.defaultExtension() : extension;
        if (!EXTENSION.matcher(extension).matches() || extension.equals(ObjectKeys.NO_DATA_EXTENSION)) {
            throw new IllegalArgumentException("extension must match " + EXTENSION + " but was '" + extension + "'");
        }
        limits = limits == null ? SourceLimits.NONE : limits;
        timeout = timeout == null ? DEFAULT_TIMEOUT : timeout;
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive but was " + timeout);
        }
        if (dailyUrlTemplate != null && !(dailyUrlTemplate.contains("{SYMBOL}") && dailyUrlTemplate.contains("{DD}"))) {
            throw new IllegalArgumentException(
                    "daily-url-template must contain {SYMBOL} and {DD} but was '" + dailyUrlTemplate + "'");
        }
        maxAttempts = maxAttempts == null ? DEFAULT_MAX_ATTEMPTS : maxAttempts;
        if (maxAttempts < 1 || maxAttempts > 20) {
            throw new IllegalArgumentException("max-attempts must be 1..20 but was " + maxAttempts);
        }
    }

    /** Whether the source publishes daily archives, so a growing month can be collected day by day. */
    public boolean hasDailyArchives() {
        return dailyUrlTemplate != null;
    }

    /** Most requests one task of a windowed source makes: a task stays a bounded piece of work. */
    public static final int MAX_REQUESTS_PER_TASK = 10;

    /**
     * Calendar months one task of a windowed source covers at {@code interval}: as many whole months (up to a
     * year) as one request may span, so a rate-limited API is asked as few times as its caps allow (Kite hourly
     * candles, 400 days a request: a year per request); 1 otherwise.
     */
    public int monthsPerTask(String interval) {
        if (type != SourceType.REST_CANDLES) {
            return 1;
        }
        long days = candles.requestSpan(Intervals.duration(interval), interval).toDays();
        return (int) Math.clamp(days / 31, 1, 12);
    }

    /**
     * The longest window one task of a windowed source covers at {@code interval}: {@link #monthsPerTask} months,
     * or less than a month when the API's caps would need more than {@link #MAX_REQUESTS_PER_TASK} requests for
     * one (Binance 1m candles: 10 × 1,000 minutes).
     */
    public java.time.Duration taskSpan(String interval) {
        java.time.Duration months = java.time.Duration.ofDays(31L * monthsPerTask(interval));
        if (type != SourceType.REST_CANDLES) {
            return months;
        }
        java.time.Duration most =
                candles.requestSpan(Intervals.duration(interval), interval).multipliedBy(MAX_REQUESTS_PER_TASK);
        return most.compareTo(months) < 0 ? most : months;
    }

    /**
     * Requests one task of {@code interval} makes as its connector fetches it, what the autoscaling arithmetic
     * divides a source's rate by: an archive and its checksum sidecar (2, or 1 without a sidecar); a window of
     * candles cut into requests by the API's row and day caps (at most {@link #MAX_REQUESTS_PER_TASK}).
     */
    public int requestsPerTask(String interval) {
        return switch (type) {
            case HTTP_ARCHIVE -> checksumSuffix.isEmpty() ? 1 : 2;
            case FEED, PAGE -> 1;
            case HTTP_FILE -> 1 + (checksumSuffix.isEmpty() ? 0 : 1) + (checksumManifest == null ? 0 : 1);
            case REST_CANDLES -> {
                long span = candles.requestSpan(Intervals.duration(interval), interval)
                        .toMillis();
                yield (int) Math.max(1, -Math.floorDiv(-taskSpan(interval).toMillis(), span));
            }
        };
    }

    /** Whether each run takes a snapshot of the source (a feed) rather than a range of its history. */
    public boolean snapshots() {
        return type == SourceType.FEED || type == SourceType.HTTP_FILE || type == SourceType.PAGE;
    }

    /**
     * What a job's summary counts for this source: its kind's {@link SourceType#unit()}, or {@code items} for
     * pages whose items are extracted.
     */
    public String unit() {
        return extractsItems() ? "items" : type.unit();
    }

    /** Whether {@link #unit()} counts rows stored (candles, feed or page items) rather than objects stored. */
    public boolean countsRows() {
        return extractsItems() || type.countsRows();
    }

    private boolean extractsItems() {
        return page != null && page.extracts();
    }

    /** Whether the source is collected in time windows (a REST API) rather than published files. */
    public boolean windowed() {
        return type == SourceType.REST_CANDLES;
    }

    /** The interval used when a request names none. */
    public String defaultInterval() {
        return intervals.getFirst();
    }
}
