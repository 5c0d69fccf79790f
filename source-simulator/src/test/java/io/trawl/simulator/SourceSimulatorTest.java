package io.trawl.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SourceSimulatorTest {

    private static final String PATH = "/binance/data/spot/monthly/klines/BTCUSDT/1d/BTCUSDT-1d-2024-01.zip";

    private final HttpClient http = HttpClient.newHttpClient();
    private SourceSimulator simulator;

    @AfterEach
    void stop() {
        simulator.close();
    }

    @Test
    void servesArchiveWhoseSidecarHoldsItsSha256() throws Exception {
        simulator = SourceSimulator.start(SimulatorConfig.defaults());

        HttpResponse<byte[]> archive = get(PATH);
        HttpResponse<byte[]> checksum = get(PATH + ".CHECKSUM");

        assertThat(archive.statusCode()).isEqualTo(200);
        assertThat(archive.body())
                .isEqualTo(ArchiveGenerator.archive("binance", "BTCUSDT", "1d", YearMonth.of(2024, 1)));
        assertThat(new String(checksum.body(), StandardCharsets.US_ASCII))
                .isEqualTo(ArchiveGenerator.sha256(archive.body()) + "  BTCUSDT-1d-2024-01.zip\n");
    }

    @Test
    void servesDailyArchivesOfTheGrowingMonthButNotTheMonthItself() throws Exception {
        simulator = SourceSimulator.start(SimulatorConfig.defaults());
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        LocalDate yesterday = today.minusDays(1);
        String daily = "/binance/data/spot/daily/klines/BTCUSDT/1d/BTCUSDT-1d-" + yesterday + ".zip";

        HttpResponse<byte[]> archive = get(daily);
        HttpResponse<byte[]> checksum = get(daily + ".CHECKSUM");

        assertThat(archive.statusCode()).isEqualTo(200);
        assertThat(archive.body()).isEqualTo(ArchiveGenerator.dailyArchive("binance", "BTCUSDT", "1d", yesterday));
        assertThat(new String(checksum.body(), StandardCharsets.US_ASCII))
                .startsWith(ArchiveGenerator.sha256(archive.body()));
        assertThat(get("/binance/data/spot/daily/klines/BTCUSDT/1d/BTCUSDT-1d-" + today + ".zip")
                        .statusCode())
                .as("today is not over")
                .isEqualTo(404);
        YearMonth month = YearMonth.from(today);
        assertThat(get("/binance/data/spot/monthly/klines/BTCUSDT/1d/BTCUSDT-1d-" + month + ".zip")
                        .statusCode())
                .as("the current month is not published as a month")
                .isEqualTo(404);
    }

    @Test
    void aSourcePublishingItsPolicyStatesItsPerSecondLimitOnEveryAnswer() throws Exception {
        simulator = SourceSimulator.start(SimulatorMain.parse(
                new String[] {"--port", "0", "--rate-limit", "binance=3", "--publish-policy", "binance"}));

        HttpResponse<byte[]> served = get(PATH);
        get(PATH);
        get(PATH);
        HttpResponse<byte[]> refused = get(PATH);

        assertThat(served.headers().firstValue("RateLimit-Policy")).hasValue("\"second\";q=3;w=1");
        assertThat(refused.statusCode()).isEqualTo(429);
        assertThat(refused.headers().firstValue("RateLimit-Policy")).hasValue("\"second\";q=3;w=1");
    }

    @Test
    void answers429OverTheLimitAndCountsTheViolation() throws Exception {
        simulator = SourceSimulator.start(SimulatorConfig.defaults().withRateLimits(Map.of("binance", 3)));

        int[] statuses = new int[5];
        for (int i = 0; i < statuses.length; i++) {
            statuses[i] = get(PATH).statusCode();
        }

        assertThat(statuses).containsExactly(200, 200, 200, 429, 429);
        SourceStats stats = simulator.stats().getFirst();
        // a handler ends just after its answer is written, so the next sequential request may overlap it
        assertThat(stats.maxInFlight()).isBetween(1, 2);
        assertThat(stats)
                .usingRecursiveComparison()
                .ignoringFields("maxInFlight")
                .isEqualTo(new SourceStats("binance", 3, 5, 2, 5, 1, 2, 1, 0, 0, 5));
        assertThat(new String(get("/_stats").body(), StandardCharsets.UTF_8)).contains("\"violations\":2");
    }

    @Test
    void corruptAndMissingKnobs() throws Exception {
        simulator = SourceSimulator.start(SimulatorConfig.defaults()
                .withCorruptSymbols(Set.of("BTCUSDT"))
                .withMissingSymbols(Set.of("GONEUSDT")));

        String sidecar = new String(get(PATH + ".CHECKSUM").body(), StandardCharsets.US_ASCII);

        assertThat(sidecar).doesNotStartWith(ArchiveGenerator.sha256(get(PATH).body()));
        assertThat(get(PATH.replace("BTCUSDT", "GONEUSDT")).statusCode()).isEqualTo(404);
        assertThat(get("/binance/not-an-archive").statusCode()).isEqualTo(404);
    }

    private HttpResponse<byte[]> get(String path) throws IOException, InterruptedException {
        return http.send(
                HttpRequest.newBuilder(URI.create(simulator.baseUrl() + path)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }
}
