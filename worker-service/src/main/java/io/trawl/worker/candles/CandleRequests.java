package io.trawl.worker.candles;

import io.trawl.sources.CandleApi;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Builds one request of a {@link CandleApi} for a symbol and a window {@code [from, until)}: the URL with its query
 * and the headers, every placeholder expanded (see {@link CandleApi} for the list). Secrets come from
 * {@code secrets} and appear only in headers, which nothing logs.
 */
final class CandleRequests {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([^{}]*)}");

    private CandleRequests() {}

    /** The request's parts: the URL (with the query) and header name, value pairs. */
    record Request(URI uri, String[] headers) {}

    static Request of(
            CandleApi api,
            String symbol,
            String interval,
            Duration step,
            Instant from,
            Instant until,
            UnaryOperator<String> secrets) {
        Values values = new Values(symbol, api.intervalName(interval), from, until, until.minus(step), secrets);
        StringBuilder url = new StringBuilder(expand(api.url(), values, false));
        char separator = url.indexOf("?") >= 0 ? '&' : '?';
        for (Map.Entry<String, String> param : api.query().entrySet()) {
            url.append(separator)
                    .append(encode(param.getKey()))
                    .append('=')
                    .append(encode(expand(param.getValue(), values, false)));
            separator = '&';
        }
        List<String> headers = new ArrayList<>();
        api.headers().forEach((name, value) -> {
            headers.add(name);
            headers.add(expand(value, values, true));
        });
        return new Request(URI.create(url.toString()), headers.toArray(String[]::new));
    }

    /** Percent-encoding of a query name or value; a space is {@code %20}, which every server reads as one. */
    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private record Values(
            String symbol, String interval, Instant from, Instant until, Instant last, UnaryOperator<String> secrets) {}

    private static String expand(String template, Values values, boolean secretsAllowed) {
        Matcher m = PLACEHOLDER.matcher(template);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(value(m.group(1), values, secretsAllowed)));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static String value(String name, Values values, boolean secretsAllowed) {
        switch (name) {
            case "SYMBOL" -> {
                return values.symbol();
            }
            case "symbol" -> {
                return values.symbol().toLowerCase(Locale.ROOT);
            }
            case "interval" -> {
                return values.interval();
            }
            default -> {}
        }
        if (secretsAllowed && name.startsWith("secret:")) {
            String secret = values.secrets().apply(name.substring("secret:".length()));
            if (secret == null || secret.isEmpty()) {
                throw new IllegalStateException("secret " + name.substring("secret:".length()) + " is not set");
            }
            return secret;
        }
        int colon = name.indexOf(':');
        String which = colon < 0 ? name : name.substring(0, colon);
        String format = colon < 0 ? "ms" : name.substring(colon + 1);
        Instant instant =
                switch (which) {
                    case "from" -> values.from();
                    case "until" -> values.until();
                    case "last" -> values.last();
                    default -> throw new IllegalArgumentException("unknown placeholder {" + name + "}");
                };
        return format(instant, format);
    }

    /** {@code instant} as {@code ms}, {@code us}, {@code s}, {@code iso} or a pattern with an optional @zone. */
    static String format(Instant instant, String format) {
        return switch (format) {
            case "ms" -> Long.toString(instant.toEpochMilli());
            case "us" ->
                Long.toString(Math.multiplyExact(instant.getEpochSecond(), 1_000_000L) + instant.getNano() / 1000);
            case "s" -> Long.toString(instant.getEpochSecond());
            case "iso" -> instant.toString();
            default -> {
                int at = format.lastIndexOf('@');
                ZoneId zone = at < 0 ? ZoneOffset.UTC : ZoneId.of(format.substring(at + 1));
                yield DateTimeFormatter.ofPattern(at < 0 ? format : format.substring(0, at), Locale.ROOT)
                        .withZone(zone)
                        .format(instant);
            }
        };
    }
}
