package io.trawl.worker.files;

import io.trawl.worker.source.SourceFailure;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a checksum manifest, a file listing the sha256 of many files: {@code <hex>  <name>} or
 * {@code <hex> *<name>} as {@code sha256sum} writes it, or {@code SHA256 (<name>) = <hex>} (BSD). A file is found by
 * its name, or a listed path ending with {@code /<name>}.
 */
final class ChecksumManifest {

    private static final Pattern GNU = Pattern.compile("^([0-9a-fA-F]{64}) [ *](.+)$");
    private static final Pattern BSD = Pattern.compile("^SHA256 \\((.+)\\) = ([0-9a-fA-F]{64})$");

    private ChecksumManifest() {}

    /** The lower-case hex sha256 the manifest at {@code url} lists for {@code name}; permanent failure when none. */
    static String sha256Of(String url, String manifest, String name) {
        for (String raw : manifest.split("\r?\n")) {
            String line = raw.strip();
            Matcher gnu = GNU.matcher(line);
            Matcher bsd = BSD.matcher(line);
            String listed;
            String hex;
            if (gnu.matches()) {
                hex = gnu.group(1);
                listed = gnu.group(2).strip();
            } else if (bsd.matches()) {
                listed = bsd.group(1);
                hex = bsd.group(2);
            } else {
                continue;
            }
            if (listed.equals(name) || listed.endsWith("/" + name)) {
                return hex.toLowerCase(Locale.ROOT);
            }
        }
        throw SourceFailure.badChecksumSidecar(url, "no sha256 listed for " + name);
    }
}
