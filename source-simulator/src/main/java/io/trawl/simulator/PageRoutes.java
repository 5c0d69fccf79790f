package io.trawl.simulator;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Web pages at {@code GET /<name>/pages/<PAGE>.html}: a news page listing its 10 latest stories (one more every 5
 * minutes, as the feeds), each an {@code <article class="story">} with an {@code <h2>} title, a relative
 * {@code <a href>} and a {@code <time datetime>}; an {@code ETag} per version, 304 for the same
 * {@code If-None-Match}. Pages of the {@code invalid} set are malformed (bytes that are not the UTF-8 they declare);
 * page {@code NOSTORIES} has a new layout without articles; pages of the {@code missing} set are 404. The site's {@code /robots.txt} disallows
 * {@code /<name>/pages/PRIVATE*} to every crawler.
 */
final class PageRoutes {

    static final String ROBOTS_TXT = """
            # the simulated site's rules for crawlers
            User-agent: *
            Disallow: /*/pages/PRIVATE
            Allow: /

            User-agent: BadBot
            Disallow: /
            """;

    private static final Pattern PAGE = Pattern.compile("^/([a-z0-9-]+)/pages/([A-Z0-9._-]+)\\.html$");
    private static final long STEP_SECONDS = 300;
    private static final int STORIES = 10;

    private final Set<String> invalid;
    private final Set<String> missing;

    PageRoutes(Set<String> invalid, Set<String> missing) {
        this.invalid = invalid;
        this.missing = missing;
    }

    /** Which judge a page path answers to, or null when it is no page path. */
    static String judgeOf(String path) {
        Matcher m = PAGE.matcher(path);
        return m.matches() ? m.group(1) : null;
    }

    FeedRoutes.Answer answer(String path, String ifNoneMatch, Instant now) {
        Matcher m = PAGE.matcher(path);
        if (!m.matches()) {
            return new FeedRoutes.Answer(404, new String[0], new byte[0]);
        }
        String name = m.group(1);
        String page = m.group(2);
        if (missing.contains(page)) {
            return new FeedRoutes.Answer(404, new String[0], ("no page " + page).getBytes(StandardCharsets.UTF_8));
        }
        long newest = now.getEpochSecond() - Math.floorMod(now.getEpochSecond(), STEP_SECONDS);
        String etag = "\"" + name + "-" + page + "-" + newest + "\"";
        if (etag.equals(ifNoneMatch)) {
            return new FeedRoutes.Answer(304, new String[] {"ETag", etag}, new byte[0]);
        }
        byte[] body = invalid.contains(page) ? malformed(page) : html(name, page, newest);
        return new FeedRoutes.Answer(200, new String[] {"ETag", etag}, body);
    }

    private static byte[] html(String name, String page, long newest) {
        StringBuilder html = new StringBuilder(
                        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>")
                .append(page)
                .append(" — simulated news</title></head>\n<body><h1>")
                .append(page)
                .append("</h1>\n<main>\n");
        if (!page.equals("NOSTORIES")) {
            for (int k = 0; k < STORIES; k++) {
                long at = newest - k * STEP_SECONDS;
                html.append("<article class=\"story\"><h2>")
                        .append(page)
                        .append(" story ")
                        .append(at)
                        .append(" – “quoted” &amp; more</h2><a href=\"/")
                        .append(name)
                        .append("/stories/")
                        .append(page)
                        .append('/')
                        .append(at)
                        .append("\">read</a><time datetime=\"")
                        .append(DateTimeFormatter.ISO_INSTANT.format(Instant.ofEpochSecond(at)
                                .atOffset(ZoneOffset.UTC)
                                .toInstant()))
                        .append("\">")
                        .append(at)
                        .append("</time></article>\n");
            }
        } else {
            html.append("<div class=\"teaser\">Our stories moved</div>\n");
        }
        return html.append("</main></body></html>\n").toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Declared UTF-8, but byte 120 starts a sequence UTF-8 does not allow. */
    private static byte[] malformed(String page) {
        byte[] text = ("<!DOCTYPE html>\n<html><head><title>" + page + "</title></head><body>" + "x".repeat(200)
                        + "</body></html>\n")
                .getBytes(StandardCharsets.UTF_8);
        text[120] = (byte) 0xC3;
        text[121] = (byte) 0x28;
        return text;
    }
}
