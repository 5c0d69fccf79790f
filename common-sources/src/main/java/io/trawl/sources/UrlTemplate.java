package io.trawl.sources;

import java.net.URI;
import java.time.LocalDate;
import java.time.YearMonth;

/** Expands a source's archive URL template for one symbol, interval and month. */
public final class UrlTemplate {

    private UrlTemplate() {}

    /** The archive URL; the symbol and interval are validated identifiers, so no escaping is needed. */
    public static URI expand(String template, String symbol, String interval, YearMonth month) {
        String url = template.replace("{SYMBOL}", symbol)
                .replace("{symbol}", symbol.toLowerCase(java.util.Locale.ROOT))
                .replace("{interval}", interval)
                .replace("{YYYY}", "%04d".formatted(month.getYear()))
                .replace("{MM}", "%02d".formatted(month.getMonthValue()));
        return URI.create(url);
    }

    /** A URL with only {@code {SYMBOL}} and {@code {symbol}} to fill (a feed's). */
    public static URI expand(String template, String symbol) {
        return URI.create(
                template.replace("{SYMBOL}", symbol).replace("{symbol}", symbol.toLowerCase(java.util.Locale.ROOT)));
    }

    /**
     * The URL of a file published beside {@code archive} (its checksum sidecar): {@code suffix} is appended to the
     * path, before any query string, so {@code ...zip?apikey=k} gives {@code ...zip.CHECKSUM?apikey=k}.
     */
    public static URI sidecar(URI archive, String suffix) {
        String text = archive.toString();
        int query = text.indexOf('?');
        int fragment = text.indexOf('#');
        int end = query >= 0 ? query : fragment >= 0 ? fragment : text.length();
        return URI.create(text.substring(0, end) + suffix + text.substring(end));
    }

    /** One day's archive URL: as {@link #expand(String, String, String, YearMonth)} plus {@code {DD}}. */
    public static URI expand(String template, String symbol, String interval, LocalDate day) {
        return expand(
                template.replace("{DD}", "%02d".formatted(day.getDayOfMonth())), symbol, interval, YearMonth.from(day));
    }
}
