package io.trawl.worker.candles;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.trawl.sources.CandleApi;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CandleRequestsTest {

    private static final Instant FROM = Instant.parse("2024-01-01T00:00:00Z");
    private static final Instant UNTIL = Instant.parse("2024-01-02T00:00:00Z");
    private static final Map<String, String> FIELDS =
            Map.of("time", "0", "open", "1", "high", "2", "low", "3", "close", "4", "volume", "5");

    private static CandleApi api(String url, Map<String, String> query, Map<String, String> headers) {
        return new CandleApi(
                url, query, headers, null, FIELDS, null, 1000, null, Map.of("1h", "60minute"), null, null, null);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "{from}                                 | 1704067200000",
                "{from:ms}                              | 1704067200000",
                "{from:us}                              | 1704067200000000",
                "{from:s}                               | 1704067200",
                "{from:iso}                             | 2024-01-01T00:00:00Z",
                "{until:ms}                             | 1704153600000",
                "{last:ms}                              | 1704150000000",
                "{from:yyyy-MM-dd HH:mm:ss@Asia/Kolkata} | 2024-01-01 05:30:00",
                "{last:yyyy-MM-dd HH:mm:ss}             | 2024-01-01 23:00:00",
                "{SYMBOL}/{symbol}/{interval}           | BTCUSDT/btcusdt/60minute",
            })
    void expandsEveryPlaceholderFormat(String template, String expected) {
        CandleRequests.Request request = CandleRequests.of(
                api("http://h/p", Map.of("q", template), Map.of()),
                "BTCUSDT",
                "1h",
                Duration.ofHours(1),
                FROM,
                UNTIL,
                n -> null);

        assertThat(request.uri().getQuery()).isEqualTo("q=" + expected);
    }

    @Test
    void queryKeepsItsOrderAndIsEncodedWhileSecretsGoOnlyToHeaders() {
        Map<String, String> query = new LinkedHashMap<>();
        query.put("from", "{from:yyyy-MM-dd HH:mm:ss}");
        query.put("to", "{last:yyyy-MM-dd HH:mm:ss}");
        CandleRequests.Request request = CandleRequests.of(
                api(
                        "http://h/instruments/historical/{SYMBOL}/{interval}",
                        query,
                        Map.of("Authorization", "token {secret:KITE_KEY}:{secret:KITE_TOKEN}")),
                "INFY",
                "1h",
                Duration.ofHours(1),
                FROM,
                UNTIL,
                Map.of("KITE_KEY", "k", "KITE_TOKEN", "t")::get);

        assertThat(request.uri().toString())
                .isEqualTo("http://h/instruments/historical/INFY/60minute?from=2024-01-01%2000%3A00%3A00"
                        + "&to=2024-01-01%2023%3A00%3A00")
                .doesNotContain("token");
        assertThat(request.headers()).containsExactly("Authorization", "token k:t");
    }

    @Test
    void aMissingSecretIsNamed() {
        CandleApi api = api("http://h/p", Map.of(), Map.of("X-Key", "{secret:API_KEY}"));

        assertThatThrownBy(() -> CandleRequests.of(api, "A", "1h", Duration.ofHours(1), FROM, UNTIL, n -> null))
                .hasMessage("secret API_KEY is not set");
    }

    @Test
    void configurationNamesItsProblems() {
        assertThatThrownBy(() -> api("http://h/p", Map.of("q", "{form:ms}"), Map.of()))
                .hasMessageContaining("candles.query.q has an unknown placeholder {form:ms}");
        assertThatThrownBy(() -> api("http://h/p", Map.of("k", "{secret:KEY}"), Map.of()))
                .hasMessageContaining("secrets go in headers only");
        assertThatThrownBy(() -> api("http://h/p", Map.of("q", "{from:yyyy-qq@Nowhere/City}"), Map.of()))
                .hasMessageContaining("time format");
        assertThatThrownBy(() -> new CandleApi(
                        "http://h", null, null, null, Map.of("time", "0"), null, null, null, null, null, null, null))
                .hasMessageContaining("open is missing");
        assertThatThrownBy(() ->
                        new CandleApi("ftp://h", null, null, null, FIELDS, null, null, null, null, null, null, null))
                .hasMessageContaining("candles.url must be an http(s) URL");
    }

    @Test
    void aRequestSpansNoMoreThanTheApiCapsAllow() {
        CandleApi binance = api("http://h", Map.of(), Map.of());
        CandleApi kite = new CandleApi(
                "http://h", null, null, null, FIELDS, null, null, Map.of("1m", 60, "1h", 400), null, null, null, null);

        assertThat(binance.requestSpan(Duration.ofHours(1), "1h")).isEqualTo(Duration.ofHours(1000));
        assertThat(kite.requestSpan(Duration.ofMinutes(1), "1m")).isEqualTo(Duration.ofDays(60));
        assertThat(kite.requestSpan(Duration.ofHours(1), "1h")).isEqualTo(Duration.ofDays(400));
    }
}
