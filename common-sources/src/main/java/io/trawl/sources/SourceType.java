package io.trawl.sources;

/** The kinds of source a worker has a connector for. Concurrency limits can apply per type. */
public enum SourceType {
    /** Monthly (and daily) archive files over HTTP with a {@code .CHECKSUM} sidecar holding the sha256. */
    HTTP_ARCHIVE("zip"),
    /** OHLCV candles from a REST API, described by a {@link CandleApi}, collected in time windows. */
    REST_CANDLES("csv.gz"),
    /**
     * An RSS or Atom feed at {@code url-template} (with {@code {SYMBOL}} when there is one feed per symbol), taken
     * as snapshots: each run stores only the items not seen before, as JSON Lines.
     */
    FEED("jsonl.gz"),
    /**
     * A file over HTTP at {@code url-template} (with {@code {SYMBOL}}: one file per symbol, e.g. a dataset's files),
     * taken as snapshots: stored again only when it changed, checked against the checksum the source publishes.
     */
    HTTP_FILE("bin");

    private final String defaultExtension;

    SourceType(String defaultExtension) {
        this.defaultExtension = defaultExtension;
    }

    /** Extension of stored objects when the source sets none. */
    public String defaultExtension() {
        return defaultExtension;
    }
}
