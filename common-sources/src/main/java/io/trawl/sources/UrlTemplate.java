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

    /** One day's archive URL: as {@link #expand(String, String, String, YearMonth)} plus {@code {DD}}. */
    public static URI expand(String template, String symbol, String interval, LocalDate day) {
        return expand(
                template.replace("{DD}", "%02d".formatted(day.getDayOfMonth())), symbol, interval, YearMonth.from(day));
    }
}
