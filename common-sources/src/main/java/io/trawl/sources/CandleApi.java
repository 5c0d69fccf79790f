package io.trawl.sources;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How to read OHLCV candles from a REST API, declared in configuration ({@code trawl.sources.<id>.candles}) for
 * a source of kind {@code rest-candles}: no Java per API. Checked when a service starts; every problem is named.
 *
 * <p>Placeholders in {@code url}, {@code query} and {@code headers}: {@code {SYMBOL}}, {@code {symbol}}
 * (lower case), {@code {interval}} (after {@code interval-names}), {@code {from:F}}, {@code {until:F}} (the
 * request's window {@code [from, until)}) and {@code {last:F}} (open time of the last candle the request may
 * return, {@code until - interval}), where {@code F} is {@code ms}, {@code us}, {@code s}, {@code iso} or a
 * pattern with a zone, e.g. {@code yyyy-MM-dd HH:mm:ss@Asia/Kolkata}; and, in headers only,
 * {@code {secret:NAME}}: the environment variable {@code NAME} (never logged).
 *
 * @param url base URL and path, e.g. {@code https://api.binance.com/api/v3/klines}
 * @param query query parameters (name → template), in order
 * @param headers request headers (name → template)
 * @param rows dotted JSON path to the array of candles; empty = the document itself (Binance), e.g.
 *     {@code data.candles} (Kite)
 * @param fields where each of {@code time, open, high, low, close, volume} is in a candle: an array index
 *     ({@code 0}) or a field name ({@code open})
 * @param timeFormat how a candle's open time is written: {@code epoch-ms} (default), {@code epoch-s},
 *     {@code epoch-us} or {@code iso} (ISO-8601 with an offset such as {@code +0530} or {@code Z})
 * @param maxRows most candles one request returns (Binance: 1000); 0 = no such cap
 * @param maxDays most days one request may span, per interval (Kite: {@code 1m: 60, 1h: 400, 1d: 2000})
 * @param intervalNames the API's name of each interval when it differs (Kite: {@code 1m: minute})
 * @param continuous the market trades without pause, so a missing candle between two present ones is a gap to
 *     report (default true; false for exchanges with sessions)
 * @param errorMessage dotted JSON path of the API's own message in an error answer (Binance {@code msg},
 *     Kite {@code message})
 * @param answers which answers mean what, beyond the defaults
 */
public record CandleApi(
        String url,
        Map<String, String> query,
        Map<String, String> headers,
        String rows,
        Map<String, String> fields,
        String timeFormat,
        Integer maxRows,
        Map<String, Integer> maxDays,
        Map<String, String> intervalNames,
        Boolean continuous,
        String errorMessage,
        Answers answers) {

    /** The six fields every candle maps. */
    public static final List<String> FIELDS = List.of("time", "open", "high", "low", "close", "volume");

    private static final Set<String> TIME_FORMATS = Set.of("epoch-ms", "epoch-s", "epoch-us", "iso");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([^{}]*)}");
    private static final Pattern TIME_PLACEHOLDER = Pattern.compile("(from|until|last)(:.+)?");

    public CandleApi {
        if (url == null || !(url.startsWith("http://") || url.startsWith("https://"))) {
            throw new IllegalArgumentException("candles.url must be an http(s) URL but was '" + url + "'");
        }
        query = query == null ? Map.of() : new LinkedHashMap<>(query);
        headers = headers == null ? Map.of() : new LinkedHashMap<>(headers);
        rows = rows == null ? "" : rows.strip();
        fields = fields == null ? Map.of() : Map.copyOf(fields);
        for (String field : FIELDS) {
            if (!fields.containsKey(field) || fields.get(field).isBlank()) {
                throw new IllegalArgumentException(
                        "candles.fields must map each of " + FIELDS + "; " + field + " is missing");
            }
        }
        timeFormat = timeFormat == null ? "epoch-ms" : timeFormat;
        if (!TIME_FORMATS.contains(timeFormat)) {
            throw new IllegalArgumentException(
                    "candles.time-format must be one of " + TIME_FORMATS + " but was '" + timeFormat + "'");
        }
        maxRows = maxRows == null ? 0 : maxRows;
        if (maxRows < 0) {
            throw new IllegalArgumentException("candles.max-rows must be >= 0 but was " + maxRows);
        }
        maxDays = maxDays == null ? Map.of() : Map.copyOf(maxDays);
        maxDays.forEach((interval, days) -> {
            if (days == null || days < 1) {
                throw new IllegalArgumentException("candles.max-days." + interval + " must be >= 1 but was " + days);
            }
        });
        intervalNames = intervalNames == null ? Map.of() : Map.copyOf(intervalNames);
        continuous = continuous == null || continuous;
        errorMessage = errorMessage == null ? "" : errorMessage.strip();
        answers = answers == null ? Answers.DEFAULT : answers;
        checkPlaceholders("candles.url", url, false);
        query.forEach((name, value) -> checkPlaceholders("candles.query." + name, value, false));
        headers.forEach((name, value) -> checkPlaceholders("candles.headers." + name, value, true));
    }

    /** The longest window one request may ask for at {@code interval}, as the API's caps allow. */
    public Duration requestSpan(Duration interval, String intervalName) {
        Duration span = Duration.ofDays(36_500);
        if (maxRows > 0) {
            span = interval.multipliedBy(maxRows);
        }
        Integer days = maxDays.get(intervalName);
        if (days != null && Duration.ofDays(days).compareTo(span) < 0) {
            span = Duration.ofDays(days);
        }
        return span;
    }

    /** The API's name of {@code interval}. */
    public String intervalName(String interval) {
        return intervalNames.getOrDefault(interval, interval);
    }

    private static void checkPlaceholders(String where, String template, boolean secretsAllowed) {
        if (template == null) {
            throw new IllegalArgumentException(where + " must not be empty");
        }
        Matcher matcher = PLACEHOLDER.matcher(template);
        while (matcher.find()) {
            String name = matcher.group(1);
            Matcher time = TIME_PLACEHOLDER.matcher(name);
            boolean known = name.equals("SYMBOL")
                    || name.equals("symbol")
                    || name.equals("interval")
                    || time.matches()
                    || (secretsAllowed && name.matches("secret:[A-Za-z_][A-Za-z0-9_.]*"));
            if (time.matches() && time.group(2) != null) {
                checkTimeFormat(where, time.group(2).substring(1));
            }
            if (!known) {
                throw new IllegalArgumentException(where + " has an unknown placeholder {" + name + "}"
                        + (name.startsWith("secret:") && !secretsAllowed ? " (secrets go in headers only)" : ""));
            }
        }
    }

    private static void checkTimeFormat(String where, String format) {
        if (Set.of("ms", "us", "s", "iso").contains(format)) {
            return;
        }
        int at = format.lastIndexOf('@');
        try {
            DateTimeFormatter.ofPattern(at < 0 ? format : format.substring(0, at));
            if (at >= 0) {
                ZoneId.of(format.substring(at + 1));
            }
        } catch (IllegalArgumentException | DateTimeException e) {
            throw new IllegalArgumentException(where + " has a time format '" + format
                    + "' that is neither ms, us, s, iso nor a pattern with an optional @zone: " + e.getMessage());
        }
    }

    /**
     * Which answers mean what; each entry is a status, optionally followed by a text the body contains
     * ({@code "403 TokenException"}). Checked in this order; a 429 or a ban the usual way is recognised without
     * an entry.
     *
     * @param noData the source has no candles for the window (default {@code 404})
     * @param badRequest the request is wrong; permanent, with the API's own message (default {@code 400, 422})
     * @param credentialsRejected the key or token is refused; permanent and the source paused so the cluster does
     *     not retry into the API (default {@code 401})
     * @param throttled further answers that mean "too many requests" beyond a 429 (e.g. {@code "400 rate limit"}):
     *     a cluster-wide pause for their {@code Retry-After}, then the task again
     * @param banned further answers that announce a ban beyond a 418 or a 403/429 saying "banned": the source
     *     stops for the ban's {@code Retry-After}, never a task failure
     */
    public record Answers(
            List<String> noData,
            List<String> badRequest,
            List<String> credentialsRejected,
            List<String> throttled,
            List<String> banned) {

        private static final Pattern ENTRY = Pattern.compile("([1-5][0-9]{2})( .+)?");

        static final Answers DEFAULT = new Answers(null, null, null, null, null);

        public Answers {
            noData = check("no-data", noData == null ? List.of("404") : noData);
            badRequest = check("bad-request", badRequest == null ? List.of("400", "422") : badRequest);
            credentialsRejected =
                    check("credentials-rejected", credentialsRejected == null ? List.of("401") : credentialsRejected);
            throttled = check("throttled", throttled == null ? List.of() : throttled);
            banned = check("banned", banned == null ? List.of() : banned);
        }

        private static List<String> check(String name, List<String> entries) {
            for (String entry : entries) {
                if (entry == null || !ENTRY.matcher(entry.strip()).matches()) {
                    throw new IllegalArgumentException("candles.answers." + name
                            + " entries must be a status, optionally a space and a text, but one was '" + entry + "'");
                }
            }
            return List.copyOf(entries);
        }

        /** Whether {@code status} and {@code body} match one of {@code entries}. */
        public static boolean matches(List<String> entries, int status, String body) {
            for (String entry : entries) {
                Matcher m = ENTRY.matcher(entry.strip());
                if (m.matches()
                        && Integer.parseInt(m.group(1)) == status
                        && (m.group(2) == null || body.contains(m.group(2).strip()))) {
                    return true;
                }
            }
            return false;
        }
    }
}
