package io.trawl.worker.candles;

import io.trawl.sources.CandleApi;
import io.trawl.worker.source.SourceFailure;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.cfg.JsonNodeFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads the candles of one answer as a {@link CandleApi} describes them: the array at {@code rows}, each candle an
 * array (fields by index) or an object (fields by name), numbers as JSON numbers or numeric strings, the open time
 * as epoch milliseconds, seconds, microseconds or ISO-8601 with an offset. Anything else is {@code InvalidData}
 * naming the candle and the field.
 */
final class CandleReader {

    /** ISO-8601 date-time with an offset written {@code Z}, {@code +05:30} or {@code +0530}. */
    private static final DateTimeFormatter ISO =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss[.SSS][XXX][XX]", Locale.ROOT);

    /** Decimals read as written: {@code 42000.01000000} stays that, never {@code 42000.01} or a binary double. */
    private final JsonMapper json = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
            .build();

    /**
     * One candle as the API gave it: open time in epoch milliseconds, the prices and volume as the API wrote them.
     */
    record Candle(long openMillis, String open, String high, String low, String close, String volume) {}

    List<Candle> read(String url, byte[] body, CandleApi api) {
        JsonNode root;
        try {
            root = json.readTree(body);
        } catch (JacksonException e) {
            throw SourceFailure.invalidData(url, "answer is not JSON: " + e.getOriginalMessage());
        }
        JsonNode rows = root;
        if (!api.rows().isEmpty()) {
            for (String segment : api.rows().split("\\.")) {
                rows = rows.path(segment);
            }
        }
        if (!rows.isArray()) {
            throw SourceFailure.invalidData(
                    url, "answer holds no array of candles at '" + (api.rows().isEmpty() ? "$" : api.rows()) + "'");
        }
        List<Candle> candles = new ArrayList<>(rows.size());
        int index = 0;
        for (JsonNode row : rows) {
            String where = "candle " + index++;
            candles.add(new Candle(
                    openMillis(url, where, field(url, where, row, api, "time"), api.timeFormat()),
                    number(url, where, row, api, "open"),
                    number(url, where, row, api, "high"),
                    number(url, where, row, api, "low"),
                    number(url, where, row, api, "close"),
                    number(url, where, row, api, "volume")));
        }
        return candles;
    }

    private static JsonNode field(String url, String where, JsonNode row, CandleApi api, String name) {
        String at = api.fields().get(name);
        JsonNode value = row.isArray() && at.chars().allMatch(Character::isDigit)
                ? row.path(Integer.parseInt(at))
                : row.path(at);
        if (value.isMissingNode() || value.isNull()) {
            throw SourceFailure.invalidData(url, where + " has no " + name + " at '" + at + "'");
        }
        return value;
    }

    private static String number(String url, String where, JsonNode row, CandleApi api, String name) {
        JsonNode value = field(url, where, row, api, name);
        String text = value.isNumber()
                ? value.decimalValue().toPlainString()
                : value.isString() ? value.asString().strip() : null;
        try {
            if (text == null || !Double.isFinite(Double.parseDouble(text))) {
                throw new NumberFormatException();
            }
        } catch (NumberFormatException e) {
            throw SourceFailure.invalidData(url, where + " " + name + " is not a number: " + excerpt(value));
        }
        return text;
    }

    private static long openMillis(String url, String where, JsonNode value, String format) {
        try {
            if (format.equals("iso")) {
                return OffsetDateTime.parse(value.asString(), ISO).toInstant().toEpochMilli();
            }
            long number = value.isIntegralNumber()
                    ? value.asLong()
                    : Long.parseLong(value.asString().strip());
            return switch (format) {
                case "epoch-s" -> Math.multiplyExact(number, 1000L);
                case "epoch-us" -> number / 1000;
                default -> number;
            };
        } catch (DateTimeParseException | NumberFormatException | ArithmeticException e) {
            throw SourceFailure.invalidData(url, where + " open time is not " + format + ": " + excerpt(value));
        }
    }

    private static String excerpt(JsonNode value) {
        String text = value.toString();
        return text.length() > 40 ? text.substring(0, 40) + "…" : text;
    }
}
