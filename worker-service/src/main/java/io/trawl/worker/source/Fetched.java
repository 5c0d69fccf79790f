package io.trawl.worker.source;

import java.nio.file.Path;

/**
 * One partition fetched from its source and spooled to a local file, as the source vouched for it (checksum
 * matched) but not yet validated.
 *
 * @param file the spooled content; the caller deletes it
 * @param url where it came from (credentials redacted wherever it is shown)
 * @param bytes size
 * @param sha256 hex sha256 of the content
 * @param contentType media type it is stored with, e.g. {@code application/zip}
 * @param extension the stored object's file extension, e.g. {@code zip}
 */
public record Fetched(Path file, String url, long bytes, String sha256, String contentType, String extension) {}
