package io.trawl.worker.source;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads a {@code .CHECKSUM} sidecar: {@code <sha256 hex>  <file name>}, as {@code sha256sum} writes it. */
public final class ChecksumSidecar {

    private static final Pattern SHA256 = Pattern.compile("^\\s*([0-9a-fA-F]{64})(?:\\s|$)");

    private ChecksumSidecar() {}

    /** The lower-case hex sha256 the sidecar states. */
    public static String parse(String url, String content) {
        Matcher m = SHA256.matcher(content);
        if (!m.find()) {
            throw SourceFailure.badChecksumSidecar(url, content);
        }
        return m.group(1).toLowerCase(Locale.ROOT);
    }
}
