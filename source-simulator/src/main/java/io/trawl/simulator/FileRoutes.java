package io.trawl.simulator;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.YearMonth;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Dataset files at {@code GET /<name>/files/<SYMBOL>.csv}: a symbol's January 2024 hourly candles as CSV, with an
 * {@code ETag}, {@code Content-MD5} and {@code x-amz-checksum-sha256}; the same {@code If-None-Match} gets 304.
 * {@code GET /<name>/files/SHA256SUMS} lists the sha256 of {@link #LISTED} files. Symbols of the {@code corrupt} set are served with a {@code Content-MD5} that does not match, those of the
 * {@code missing} set 404.
 */
final class FileRoutes {

    private static final Pattern FILE = Pattern.compile("^/([a-z0-9-]+)/files/([A-Z0-9._-]+)\\.csv$");
    private static final Pattern MANIFEST = Pattern.compile("^/([a-z0-9-]+)/files/SHA256SUMS$");

    /** The files the manifest lists (with the {@code corrupt} ones, listed with a wrong sha256). */
    static final java.util.List<String> LISTED = java.util.List.of("BTCUSDT", "ETHUSDT", "ACME", "GLOBEX", "INITECH");

    private final Set<String> corrupt;
    private final Set<String> missing;

    FileRoutes(Set<String> corrupt, Set<String> missing) {
        this.corrupt = corrupt;
        this.missing = missing;
    }

    static String judgeOf(String path) {
        Matcher m = FILE.matcher(path);
        if (m.matches()) {
            return m.group(1);
        }
        Matcher manifest = MANIFEST.matcher(path);
        return manifest.matches() ? manifest.group(1) : null;
    }

    /** {@code SHA256SUMS} as {@code sha256sum} writes it, for the {@link #LISTED} files and the corrupt ones. */
    private byte[] manifest(String name) {
        StringBuilder sums = new StringBuilder();
        java.util.stream.Stream.concat(LISTED.stream(), corrupt.stream().sorted())
                .distinct()
                .forEach(symbol -> sums.append(HexFormat.of()
                                .formatHex(digest(
                                        "SHA-256",
                                        corrupt.contains(symbol)
                                                ? "corrupt".getBytes(StandardCharsets.US_ASCII)
                                                : content(name, symbol))))
                        .append("  ")
                        .append(symbol)
                        .append(".csv\n"));
        return sums.toString().getBytes(StandardCharsets.US_ASCII);
    }

    /** The file's bytes, as served. */
    static byte[] content(String name, String symbol) {
        return (String.join("\n", ArchiveGenerator.rowsOf(name, symbol, "1h", YearMonth.of(2024, 1))) + "\n")
                .getBytes(StandardCharsets.US_ASCII);
    }

    FeedRoutes.Answer answer(String path, String ifNoneMatch) {
        Matcher manifest = MANIFEST.matcher(path);
        if (manifest.matches()) {
            return new FeedRoutes.Answer(200, new String[0], manifest(manifest.group(1)));
        }
        Matcher m = FILE.matcher(path);
        if (!m.matches() || missing.contains(m.group(2))) {
            return new FeedRoutes.Answer(404, new String[0], new byte[0]);
        }
        byte[] body = content(m.group(1), m.group(2));
        String sha = Base64.getEncoder().encodeToString(digest("SHA-256", body));
        String etag = "\"" + sha.substring(0, 16) + "\"";
        if (etag.equals(ifNoneMatch)) {
            return new FeedRoutes.Answer(304, new String[] {"ETag", etag}, new byte[0]);
        }
        String md5 = corrupt.contains(m.group(2))
                ? Base64.getEncoder().encodeToString(digest("MD5", "corrupt".getBytes(StandardCharsets.US_ASCII)))
                : Base64.getEncoder().encodeToString(digest("MD5", body));
        return new FeedRoutes.Answer(
                200,
                new String[] {
                    "ETag",
                    etag,
                    "Last-Modified",
                    "Mon, 01 Jan 2024 00:00:00 GMT",
                    "Content-MD5",
                    md5,
                    "x-amz-checksum-sha256",
                    sha
                },
                body);
    }

    private static byte[] digest(String algorithm, byte[] bytes) {
        try {
            return MessageDigest.getInstance(algorithm).digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
