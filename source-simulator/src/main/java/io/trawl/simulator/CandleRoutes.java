package io.trawl.simulator;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * REST candle endpoints shaped like two real APIs, serving the same deterministic candles as the archives of the
 * same market (only closed candles, none before a symbol's listing month):
 *
 * <ul>
 *   <li>Binance {@code GET /<name>/api/v3/klines?symbol&interval&startTime&endTime&limit}: an array of arrays
 *       (open time, open, high, low, close, volume as strings, close time, quote volume, trades, ...), at most
 *       {@code limit} (default 500, at most 1000) candles whose open time is in {@code [startTime, endTime]};
 *       errors {@code {"code":-1121,"msg":"Invalid symbol."}}. The market is {@code <name>} without
 *       {@code -api}.
 *   <li>Kite {@code GET /<name>/instruments/historical/<SYMBOL>/<interval>?from&to} ({@code yyyy-MM-dd HH:mm:ss}
 *       in IST, both inclusive; intervals {@code minute}, {@code 60minute}, {@code day}...) with header
 *       {@code Authorization: token trawl:sim-access-token}: {@code {"status":"success","data":{"candles":[...]}}}
 *       with {@code +0530} times; more days than the interval allows (60, 400, 2000...) is 400
 *       {@code InputException}, a wrong token 403 {@code TokenException}.
 * </ul>
 */
final class CandleRoutes {

    /** The {@code Authorization} header the Kite-shaped endpoint accepts. */
    static final String KITE_AUTHORIZATION = "token trawl:sim-access-token";

    private static final Pattern BINANCE = Pattern.compile("^/([a-z0-9-]+)/api/v3/klines$");
    private static final Pattern KITE =
            Pattern.compile("^/([a-z0-9-]+)/instruments/historical/([A-Z0-9._-]+)/([a-z0-9]+)$");
    private static final Set<String> BINANCE_INTERVALS = Set.of("1m", "3m", "5m", "15m", "30m", "1h", "2h", "4h", "1d");
    private static final Map<String, String> KITE_INTERVALS = Map.of(
            "minute",
            "1m",
            "3minute",
            "3m",
            "5minute",
            "5m",
            "15minute",
            "15m",
            "30minute",
            "30m",
            "60minute",
            "1h",
            "day",
            "1d");
    private static final Map<String, Integer> KITE_MAX_DAYS = Map.of(
            "minute",
            60,
            "3minute",
            100,
            "5minute",
            100,
            "15minute",
            200,
            "30minute",
            200,
            "60minute",
            400,
            "day",
            2000);
    private static final ZoneId IST = ZoneId.of("Asia/Kolkata");
    private static final DateTimeFormatter KITE_QUERY = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    private static final DateTimeFormatter KITE_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssxx").withZone(IST);

    /** An answer: status, body. */
    record Answer(int status, String body) {
        byte[] bytes() {
            return body.getBytes(StandardCharsets.UTF_8);
        }
    }

    /** Which judge (rate-limit counter) a candle path answers to, or null when it is no candle path. */
    static String judgeOf(String path) {
        Matcher binance = BINANCE.matcher(path);
        if (binance.matches()) {
            return binance.group(1);
        }
        Matcher kite = KITE.matcher(path);
        return kite.matches() ? kite.group(1) : null;
    }

    private final Map<String, YearMonth> listings;
    private final Set<String> missing;
    private final Map<String, String[]> months =
            java.util.Collections.synchronizedMap(new LinkedHashMap<>(64, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, String[]> eldest) {
                    return size() > 256;
                }
            });

    CandleRoutes(Map<String, YearMonth> listings, Set<String> missing) {
        this.listings = listings;
        this.missing = missing;
    }

    Answer answer(String path, Map<String, String> query, String authorization, Instant now) {
        Matcher binance = BINANCE.matcher(path);
        if (binance.matches()) {
            return binance(binance.group(1).replaceFirst("-api$", ""), query, now);
        }
        Matcher kite = KITE.matcher(path);
        if (kite.matches()) {
            return kite(kite.group(1), kite.group(2), kite.group(3), query, authorization, now);
        }
        return new Answer(404, "{\"code\":-1,\"msg\":\"no such endpoint\"}");
    }

    private Answer binance(String market, Map<String, String> query, Instant now) {
        String symbol = query.get("symbol");
        String interval = query.get("interval");
        if (symbol == null || missing.contains(symbol) || !symbol.matches("[A-Z0-9._-]{1,32}")) {
            return binanceError(-1121, "Invalid symbol.");
        }
        if (interval == null || !BINANCE_INTERVALS.contains(interval)) {
            return binanceError(-1120, "Invalid interval.");
        }
        int limit;
        long start;
        long end;
        try {
            limit = query.containsKey("limit") ? Integer.parseInt(query.get("limit")) : 500;
            start = Long.parseLong(query.getOrDefault("startTime", "x"));
            end = query.containsKey("endTime") ? Long.parseLong(query.get("endTime")) : now.toEpochMilli();
        } catch (NumberFormatException e) {
            return binanceError(-1100, "Illegal characters found in a parameter.");
        }
        if (limit < 1 || limit > 1000) {
            return binanceError(-1130, "Invalid data sent for a parameter: limit must be 1..1000.");
        }
        StringBuilder body = new StringBuilder(limit * 160).append('[');
        int count = 0;
        for (String[] f : candles(market, symbol, interval, start, end, limit, now)) {
            if (count++ > 0) {
                body.append(',');
            }
            body.append('[').append(f[0]);
            for (int i = 1; i <= 5; i++) {
                body.append(",\"").append(f[i]).append('"');
            }
            body.append(',')
                    .append(f[6])
                    .append(",\"")
                    .append(f[7])
                    .append("\",")
                    .append(f[8]);
            body.append(",\"").append(f[9]).append("\",\"").append(f[10]).append("\",\"0\"]");
        }
        return new Answer(200, body.append(']').toString());
    }

    private static Answer binanceError(int code, String message) {
        return new Answer(400, "{\"code\":" + code + ",\"msg\":\"" + message + "\"}");
    }

    private Answer kite(
            String market,
            String symbol,
            String kiteInterval,
            Map<String, String> query,
            String authorization,
            Instant now) {
        if (!KITE_AUTHORIZATION.equals(authorization)) {
            return kiteError(403, "TokenException", "Incorrect `api_key` or `access_token`.");
        }
        String interval = KITE_INTERVALS.get(kiteInterval);
        if (interval == null) {
            return kiteError(400, "InputException", "invalid interval");
        }
        if (missing.contains(symbol)) {
            return kiteError(400, "InputException", "invalid token");
        }
        Instant from;
        Instant to;
        try {
            from = LocalDateTime.parse(query.getOrDefault("from", ""), KITE_QUERY)
                    .atZone(IST)
                    .toInstant();
            to = LocalDateTime.parse(query.getOrDefault("to", ""), KITE_QUERY)
                    .atZone(IST)
                    .toInstant();
        } catch (DateTimeParseException e) {
            return kiteError(400, "InputException", "invalid from or to date");
        }
        int maxDays = KITE_MAX_DAYS.get(kiteInterval);
        if (Duration.between(from, to).compareTo(Duration.ofDays(maxDays)) > 0) {
            return kiteError(400, "InputException", "interval exceeds max limit: " + maxDays + " days");
        }
        StringBuilder body = new StringBuilder("{\"status\":\"success\",\"data\":{\"candles\":[");
        int count = 0;
        for (String[] f :
                candles(market, symbol, interval, from.toEpochMilli(), to.toEpochMilli(), Integer.MAX_VALUE, now)) {
            if (count++ > 0) {
                body.append(',');
            }
            body.append("[\"")
                    .append(KITE_TIME.format(Instant.ofEpochMilli(Long.parseLong(f[0]))))
                    .append('"');
            for (int i = 1; i <= 5; i++) {
                body.append(',').append(f[i]);
            }
            body.append(']');
        }
        return new Answer(200, body.append("]}}").toString());
    }

    private static Answer kiteError(int status, String type, String message) {
        return new Answer(
                status,
                "{\"status\":\"error\",\"message\":\"" + message + "\",\"data\":null,\"error_type\":\"" + type + "\"}");
    }

    /** Closed candles opening in {@code [start, end]}, at most {@code limit}, none before the listing month. */
    private List<String[]> candles(
            String market, String symbol, String interval, long start, long end, int limit, Instant now) {
        long step = ArchiveGenerator.stepOf(interval).toMillis();
        long closedBefore = now.toEpochMilli() - step;
        YearMonth listed = listings.get(symbol);
        List<String[]> out = new ArrayList<>();
        if (end < start) {
            return out;
        }
        YearMonth month =
                YearMonth.from(Instant.ofEpochMilli(Math.max(start, 0)).atOffset(ZoneOffset.UTC));
        YearMonth last = YearMonth.from(
                Instant.ofEpochMilli(Math.min(end, now.toEpochMilli())).atOffset(ZoneOffset.UTC));
        for (; !month.isAfter(last) && out.size() < limit; month = month.plusMonths(1)) {
            if (listed != null && month.isBefore(listed)) {
                continue;
            }
            String key = market + "/" + symbol + "/" + interval + "/" + month;
            YearMonth m = month;
            String[] rows = months.computeIfAbsent(key, k -> ArchiveGenerator.rowsOf(market, symbol, interval, m));
            for (String row : rows) {
                long open = Long.parseLong(row.substring(0, row.indexOf(',')));
                if (open >= start && open <= end && open <= closedBefore) {
                    out.add(row.split(","));
                    if (out.size() == limit) {
                        break;
                    }
                }
            }
        }
        return out;
    }
}
