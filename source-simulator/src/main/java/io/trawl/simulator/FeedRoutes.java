package io.trawl.simulator;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPOutputStream;

/**
 * RSS 2.0 feeds at {@code GET /<name>/feeds/<SYMBOL>.xml}, one per symbol: the 20 latest items of a stream that
 * gains one item every 5 minutes (guid {@code <name>-<SYMBOL>-<epoch second>}), with an {@code ETag} and a
 * {@code Last-Modified} of the newest item; a request that sends the same {@code If-None-Match} gets 304. Sent
 * gzip-encoded when asked. Symbols of the {@code invalid} set get malformed XML (an unclosed element on line 7), those of the
 * {@code missing} set 404.
 */
final class FeedRoutes {

    private static final Pattern FEED = Pattern.compile("^/([a-z0-9-]+)/feeds/([A-Z0-9._-]+)\\.xml$");
    private static final long STEP_SECONDS = 300;
    private static final int ITEMS = 20;

    private final Set<String> invalid;
    private final Set<String> missing;

    FeedRoutes(Set<String> invalid, Set<String> missing) {
        this.invalid = invalid;
        this.missing = missing;
    }

    /** Which judge a feed path answers to, or null when it is no feed path. */
    static String judgeOf(String path) {
        Matcher m = FEED.matcher(path);
        return m.matches() ? m.group(1) : null;
    }

    /** An answer: status, headers (name, value pairs), body. */
    record Answer(int status, String[] headers, byte[] body) {}

    Answer answer(String path, String ifNoneMatch, boolean gzip, Instant now) {
        Matcher m = FEED.matcher(path);
        if (!m.matches()) {
            return new Answer(404, new String[0], new byte[0]);
        }
        String name = m.group(1);
        String symbol = m.group(2);
        if (missing.contains(symbol)) {
            return new Answer(404, new String[0], ("no feed " + symbol).getBytes(StandardCharsets.UTF_8));
        }
        long newest = now.getEpochSecond() - Math.floorMod(now.getEpochSecond(), STEP_SECONDS);
        String etag = "\"" + name + "-" + symbol + "-" + newest + "\"";
        String lastModified = DateTimeFormatter.RFC_1123_DATE_TIME.format(
                Instant.ofEpochSecond(newest).atOffset(ZoneOffset.UTC));
        if (etag.equals(ifNoneMatch)) {
            return new Answer(304, new String[] {"ETag", etag, "Last-Modified", lastModified}, new byte[0]);
        }
        byte[] xml = (invalid.contains(symbol) ? malformed(symbol) : rss(name, symbol, newest))
                .getBytes(StandardCharsets.UTF_8);
        String[] headers = gzip
                ? new String[] {"ETag", etag, "Last-Modified", lastModified, "Content-Encoding", "gzip"}
                : new String[] {"ETag", etag, "Last-Modified", lastModified};
        return new Answer(200, headers, gzip ? gzip(xml) : xml);
    }

    /** The guid of item {@code k} (0 = newest) of a feed as of {@code now}. */
    static String guid(String name, String symbol, Instant now, int k) {
        long newest = now.getEpochSecond() - Math.floorMod(now.getEpochSecond(), STEP_SECONDS);
        return name + "-" + symbol + "-" + (newest - k * STEP_SECONDS);
    }

    private static String rss(String name, String symbol, long newest) {
        StringBuilder xml = new StringBuilder(
                        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss version=\"2.0\">\n<channel>\n")
                .append("<title>")
                .append(symbol)
                .append(" news</title>\n")
                .append("<link>http://simulator/")
                .append(name)
                .append("/")
                .append(symbol)
                .append("</link>\n")
                .append("<description>Simulated news of ")
                .append(symbol)
                .append("</description>\n");
        for (int k = 0; k < ITEMS; k++) {
            long at = newest - k * STEP_SECONDS;
            xml.append("<item><guid>")
                    .append(name)
                    .append('-')
                    .append(symbol)
                    .append('-')
                    .append(at)
                    .append("</guid><title>")
                    .append(symbol)
                    .append(" update ")
                    .append(at)
                    .append("</title><link>http://simulator/")
                    .append(name)
                    .append('/')
                    .append(symbol)
                    .append('/')
                    .append(at)
                    .append("</link><pubDate>")
                    .append(DateTimeFormatter.RFC_1123_DATE_TIME.format(
                            Instant.ofEpochSecond(at).atOffset(ZoneOffset.UTC)))
                    .append("</pubDate><category>")
                    .append(symbol)
                    .append("</category><description>Item ")
                    .append(at)
                    .append(" of ")
                    .append(symbol)
                    .append("</description></item>\n");
        }
        return xml.append("</channel>\n</rss>\n").toString();
    }

    private static String malformed(String symbol) {
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss version=\"2.0\">\n<channel>\n<title>" + symbol
                + "</title>\n<link>http://simulator/</link>\n<description>broken</description>\n"
                + "<item><title>unclosed</item>\n</channel>\n</rss>\n";
    }

    private static byte[] gzip(byte[] bytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length / 4 + 64);
        try (GZIPOutputStream zip = new GZIPOutputStream(out)) {
            zip.write(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
