package io.trawl.worker.source;

import java.nio.file.Path;
import java.util.List;

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
 * @param companions objects stored beside it, before it (a feed's raw document, a page's items); the caller deletes
 *     their files too
 * @param precheck what a check of the content made while it arrived found, for its validator to confirm instead
 *     of reading the file again; null when there was none
 */
public record Fetched(
        Path file,
        String url,
        long bytes,
        String sha256,
        String contentType,
        String extension,
        List<Companion> companions,
        Precheck precheck) {

    public Fetched {
        companions = List.copyOf(companions);
    }

    /** A fetched partition stored alone. */
    public Fetched(Path file, String url, long bytes, String sha256, String contentType, String extension) {
        this(file, url, bytes, sha256, contentType, extension, List.of(), null);
    }

    /** A check of the content made while it arrived. */
    public interface Precheck {
        /** The validation result it vouches for once the content is whole in {@code fetched}; null if none. */
        Validated confirm(Fetched fetched);
    }

    /** This fetch with what {@code check} found while it arrived (null: nothing). */
    public Fetched prechecked(Precheck check) {
        return new Fetched(file, url, bytes, sha256, contentType, extension, companions, check);
    }

    /**
     * A file stored beside the partition's object, at the same key with its own extension (e.g. {@code feed.xml}
     * beside {@code jsonl.gz}).
     */
    public record Companion(Path file, String extension, String contentType) {}

    /** This fetch with {@code companion} stored beside it as well. */
    public Fetched with(Companion companion) {
        return new Fetched(
                file,
                url,
                bytes,
                sha256,
                contentType,
                extension,
                java.util.stream.Stream.concat(companions.stream(), java.util.stream.Stream.of(companion))
                        .toList(),
                precheck);
    }

    /** Deletes the spooled file and its companions' files. */
    public void deleteFiles() {
        Spool.delete(file);
        companions.forEach(c -> Spool.delete(c.file()));
    }
}
