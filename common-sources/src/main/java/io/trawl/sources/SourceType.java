package io.trawl.sources;

/** The kinds of source a worker has a connector for. Concurrency limits can apply per type. */
public enum SourceType {
    /** Monthly archive files over HTTP with a {@code .CHECKSUM} sidecar holding the sha256. */
    HTTP_ARCHIVE
}
