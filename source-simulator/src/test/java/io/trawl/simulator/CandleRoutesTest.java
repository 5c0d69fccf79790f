package io.trawl.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.YearMonth;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class CandleRoutesTest {

    private static final Instant NOW = Instant.parse("2026-11-30T04:20:00Z");
    private static final long JAN_2024 = Instant.parse("2024-01-01T00:00:00Z").toEpochMilli();

    private final JsonMapper json = JsonMapper.builder().build();
    private final CandleRoutes routes = new CandleRoutes(Map.of("NEWUSDT", YearMonth.of(2024, 3)), Set.of("GONE"));

    @Test
    void binanceKlinesAreTheArchiveCandlesCappedByLimit() {
        CandleRoutes.Answer answer = routes.answer(
                "/binance-api/api/v3/klines",
                Map.of(
                        "symbol", "BTCUSDT",
                        "interval", "1h",
                        "startTime", Long.toString(JAN_2024),
                        "endTime", Long.toString(JAN_2024 + 2_000L * 3_600_000),
                        "limit", "1000"),
                null,
                NOW);

        JsonNode candles = json.readTree(answer.body());
        String[] archive = ArchiveGenerator.rowsOf("binance", "BTCUSDT", "1h", YearMonth.of(2024, 1));
        assertThat(answer.status()).isEqualTo(200);
        assertThat(candles.size()).as("limit caps the answer").isEqualTo(1000);
        assertThat(candles.get(0).get(0).asLong()).isEqualTo(JAN_2024);
        assertThat(candles.get(0).get(1).asString()).isEqualTo(archive[0].split(",")[1]);
        assertThat(candles.get(744).get(0).asLong())
                .as("continues into February")
                .isEqualTo(Instant.parse("2024-02-01T00:00:00Z").toEpochMilli());
    }

    @Test
    void binanceAnswersErrorsInItsOwnShape() {
        assertThat(routes.answer("/b/api/v3/klines", Map.of("symbol", "GONE", "interval", "1h"), null, NOW)
                        .body())
                .isEqualTo("{\"code\":-1121,\"msg\":\"Invalid symbol.\"}");
        assertThat(routes.answer(
                                "/b/api/v3/klines",
                                Map.of("symbol", "BTCUSDT", "interval", "1h", "startTime", "0", "limit", "1001"),
                                null,
                                NOW)
                        .status())
                .isEqualTo(400);
        assertThat(routes.answer(
                                "/b/api/v3/klines",
                                Map.of(
                                        "symbol",
                                        "NEWUSDT",
                                        "interval",
                                        "1d",
                                        "startTime",
                                        Long.toString(JAN_2024),
                                        "endTime",
                                        Long.toString(JAN_2024 + 40L * 86_400_000)),
                                null,
                                NOW)
                        .body())
                .as("nothing before the listing month")
                .isEqualTo("[]");
    }

    @Test
    void kiteCandlesCarryIstOffsetsAndItsCapsAndTokenAreEnforced() {
        Map<String, String> january = Map.of("from", "2024-01-01 05:30:00", "to", "2024-01-01 08:30:00");

        CandleRoutes.Answer ok = routes.answer(
                "/kite/instruments/historical/INFY/60minute", january, CandleRoutes.KITE_AUTHORIZATION, NOW);
        CandleRoutes.Answer tooLong = routes.answer(
                "/kite/instruments/historical/INFY/minute",
                Map.of("from", "2024-01-01 00:00:00", "to", "2024-03-15 00:00:00"),
                CandleRoutes.KITE_AUTHORIZATION,
                NOW);
        CandleRoutes.Answer noToken =
                routes.answer("/kite/instruments/historical/INFY/60minute", january, "token x:y", NOW);

        JsonNode candles = json.readTree(ok.body()).at("/data/candles");
        assertThat(candles.size()).isEqualTo(4);
        assertThat(candles.get(0).get(0).asString()).isEqualTo("2024-01-01T05:30:00+0530");
        assertThat(tooLong.status()).isEqualTo(400);
        assertThat(tooLong.body()).contains("interval exceeds max limit: 60 days", "InputException");
        assertThat(noToken.status()).isEqualTo(403);
        assertThat(noToken.body()).contains("TokenException");
    }

    @Test
    void onlyClosedCandlesAreServed() {
        long lastHour = Instant.parse("2026-11-30T03:00:00Z").toEpochMilli();
        CandleRoutes.Answer answer = routes.answer(
                "/b/api/v3/klines",
                Map.of("symbol", "BTCUSDT", "interval", "1h", "startTime", Long.toString(lastHour)),
                null,
                NOW);

        assertThat(json.readTree(answer.body()).size())
                .as("03:00 closed at 04:00; 04:00 is still open at 04:20")
                .isEqualTo(1);
    }
}
