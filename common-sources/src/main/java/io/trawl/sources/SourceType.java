package io.trawl.sources;

/** The kinds of source a worker has a connector for. Concurrency limits can apply per type. */
public enum SourceType {
    /** Monthly (and daily) archive files over HTTP with a {@code .CHECKSUM} sidecar holding the sha256. */
    HTTP_ARCHIVE("zip", "files", false),
    /** OHLCV candles from a REST API, described by a {@link CandleApi}, collected in time windows. */
    REST_CANDLES("csv.gz", "candles", true),
    /**
     * An RSS or Atom feed at {@code url-template} (with {@code {SYMBOL}} when there is one feed per symbol), taken
     * as snapshots: each run stores only the items not seen before, as JSON Lines.
     */
    FEED("jsonl.gz", "events", true),
    /**
     * A file over HTTP at {@code url-template} (with {@code {SYMBOL}}: one file per symbol, e.g. a dataset's files),
     * taken as snapshots: stored again only when it changed, checked against the checksum the source publishes.
     */
    HTTP_FILE("bin", "files", false),
    /**
     * A web page at {@code url-template} (with {@code {SYMBOL}}: the page's name), taken as snapshots politely
     * ({@code robots.txt}, a clear user agent): stored raw when it changed, with the items its {@link PageRules}
     * select as JSON Lines beside it.
     */
    PAGE("html", "pages", false);

    private final String defaultExtension;
    private final String unit;
    private final boolean countsRows;

    SourceType(String defaultExtension, String unit, boolean countsRows) {
        this.defaultExtension = defaultExtension;
        this.unit = unit;
        this.countsRows = countsRows;
    }

    /** What a job's summary counts for a source of this kind: {@code files}, {@code candles}, {@code events}. */
    public String unit() {
        return unit;
    }

    /** Whether {@link #unit()} counts rows stored (candles, feed items) rather than objects stored. */
    public boolean countsRows() {
        return countsRows;
    }

    /** Extension of stored objects when the source sets none. */
    public String defaultExtension() {
        return defaultExtension;
    }
}
