package io.trawl.worker.source;

import java.nio.file.Path;

/**
 * A downloaded archive whose checksum and content were verified, spooled to a local file.
 *
 * @param file the spooled archive; the caller deletes it
 * @param url where it came from
 * @param bytes size
 * @param sha256 hex sha256, equal to the source's sidecar
 * @param rows data rows in its CSV files
 */
public record FetchedArchive(Path file, String url, long bytes, String sha256, long rows) {}
