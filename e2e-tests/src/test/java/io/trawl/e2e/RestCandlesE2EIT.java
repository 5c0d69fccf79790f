package io.trawl.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.minio.GetObjectArgs;
import io.minio.StatObjectArgs;
import io.minio.StatObjectResponse;
import io.trawl.simulator.ArchiveGenerator;
import io.trawl.simulator.ServerRules;
import io.trawl.simulator.SimulatorConfig;
import io.trawl.simulator.SourceStats;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * OHLCV candles from REST APIs declared in configuration only, end to end with real processes: a Binance-shaped
 * klines endpoint (weight 2, 6,000 weight per clock minute, at most 1,000 candles an answer) and a Kite-shaped one
 * (3 requests a second, token header, IST offsets, day caps), checked candle by candle against the simulator's
 * deterministic data, which is also what its archives hold.
 */
class RestCandlesE2EIT {

    private static final String SOURCES = """
            {"trawl":{"sources":{
              "binance-rest":{"type":"rest-candles","dataset":"klines","intervals":["1h","1d"],
                "limits":{"concurrency":8,"weight":2,"windows":[{"limit":6000,"period":"1m","fixed":true}]},
                "candles":{"url":"${trawl.simulator.url}/binance-api/api/v3/klines",
                  "query":{"symbol":"{SYMBOL}","interval":"{interval}","startTime":"{from:ms}","endTime":"{last:ms}",
                           "limit":"1000"},
                  "fields":{"time":"0","open":"1","high":"2","low":"3","close":"4","volume":"5"},
                  "max-rows":1000,"error-message":"msg"}},
              "kite":{"type":"rest-candles","dataset":"candles","intervals":["1m","1h","1d"],
                "limits":{"cps":3,"concurrency":3},
                "candles":{"url":"${trawl.simulator.url}/kite/instruments/historical/{SYMBOL}/{interval}",
                  "query":{"from":"{from:yyyy-MM-dd HH:mm:ss@Asia/Kolkata}","to":"{last:yyyy-MM-dd HH:mm:ss@Asia/Kolkata}"},
                  "headers":{"Authorization":"token {secret:KITE_API_KEY}:{secret:KITE_ACCESS_TOKEN}"},
                  "rows":"data.candles","time-format":"iso",
                  "fields":{"time":"0","open":"1","high":"2","low":"3","close":"4","volume":"5"},
                  "max-days":{"1m":60,"1h":400,"1d":2000},
                  "interval-names":{"1m":"minute","1h":"60minute","1d":"day"},
                  "error-message":"message",
                  "answers":{"credentials-rejected":["401","403 TokenException"]}}}
            }}}""";

    private static TrawlSystem system;

    @BeforeAll
    static void startTheSystem() {
        SimulatorConfig simulator = SimulatorConfig.defaults()
                .withLatency(Duration.ofMillis(20))
                .withRateLimits(Map.of("kite", 3))
                .withRules(ServerRules.DEFAULT.withMinuteWeight("binance-api", 6000, 2));
        system = new TrawlSystem(
                RestCandlesE2EIT.class,
                simulator,
                3,
                Map.of(
                        "SPRING_APPLICATION_JSON", SOURCES,
                        "KITE_API_KEY", "trawl",
                        "KITE_ACCESS_TOKEN", "sim-access-token"));
    }

    @AfterAll
    static void stopTheSystem() {
        if (system != null) {
            system.close();
        }
    }

    @Test
    void hundredSymbolsOfHourlyCandlesFor2024UnderTheWeightBudgetThroughAWorkerKill() throws Exception {
        List<String> symbols = IntStream.range(0, 50)
                .mapToObj(i -> "REST%03dUSDT".formatted(i))
                .toList();
        long started = System.nanoTime();
        String jobId = system.submit(Map.of(
                "sources",
                List.of("binance-rest"),
                "symbols",
                symbols,
                "timeframe",
                "1h",
                "from",
                "2024-01",
                "to",
                "2024-12"));

        system.awaitSucceeded(jobId, 150);
        system.workers().getFirst().kill();
        system.startWorker("RestCandlesE2EIT-worker-4", "worker-4");
        JsonNode done = system.awaitEnded(jobId, Duration.ofMinutes(4));
        double seconds = (System.nanoTime() - started) / 1e9;

        assertThat(done.get("state").asString()).as(done.toString()).isEqualTo("COMPLETED");
        assertThat(done.get("succeeded").asLong()).isEqualTo(600);
        long candles = 0;
        for (String symbol : symbols) {
            List<String> keys = system.objectKeys("binance-rest/klines-1h/" + symbol + "/");
            assertThat(keys).as(symbol + ": one object per month, no duplicate").hasSize(12);
            for (int month = 1; month <= 12; month++) {
                candles += assertCandlesAreTheSources(
                        "binance-rest", "binance", "klines", symbol, YearMonth.of(2024, month), 1);
            }
        }
        SourceStats stats = stats("binance-api");
        System.out.printf(
                "REST CANDLES E2E: binance-rest 50 symbols x 1h x 2024 = 600 windows, %d candles each exactly once,"
                        + " worker killed at 150, %s in %.1f s; source saw %d requests, max weight %d in a clock"
                        + " minute (limit 6000), %d answered 429, %d bans%n",
                candles,
                done.get("state").asString(),
                seconds,
                stats.requests(),
                stats.maxWeightInMinute(),
                stats.tooMany(),
                stats.bans());
        assertThat(candles).isEqualTo(366L * 24 * 50);
        assertThat(stats.tooMany()).isZero();
        assertThat(stats.bans()).isZero();
        assertThat(stats.maxWeightInMinute()).isLessThanOrEqualTo(6000);
    }

    @Test
    void aKiteShapedApiAtThreeRequestsASecondIsAskedOnceASymbolForAYearOfHourlyCandles() throws Exception {
        List<String> symbols =
                IntStream.range(0, 40).mapToObj(i -> "KITE%03d".formatted(i)).toList();
        long started = System.nanoTime();
        String jobId = system.submit(Map.of(
                "sources", List.of("kite"), "symbols", symbols, "timeframe", "1h", "from", "2024-01", "to", "2024-12"));

        JsonNode done = system.awaitEnded(jobId, Duration.ofMinutes(3));
        double seconds = (System.nanoTime() - started) / 1e9;

        assertThat(done.get("state").asString()).as(done.toString()).isEqualTo("COMPLETED");
        assertThat(done.get("total").asLong())
                .as("400 days a request: one window a year")
                .isEqualTo(40);
        long candles = 0;
        for (String symbol : symbols) {
            candles += assertCandlesAreTheSources("kite", "kite", "candles", symbol, YearMonth.of(2024, 1), 12);
        }
        SourceStats stats = stats("kite");
        System.out.printf(
                "REST CANDLES E2E: kite 40 symbols x 1h x 2024 = 40 windows of a year, %d candles each exactly once,"
                        + " %s in %.1f s; %d requests, max %d in any sliding second (limit 3), %d violations,"
                        + " %d answered 429%n",
                candles,
                done.get("state").asString(),
                seconds,
                stats.requests(),
                stats.maxInAnySlidingSecond(),
                stats.violations(),
                stats.tooMany());
        assertThat(candles).isEqualTo(366L * 24 * 40);
        assertThat(stats.violations()).isZero();
        assertThat(stats.tooMany()).isZero();
    }

    /**
     * Seed scenario 4: a symbol already holds candles up to some hour today; an incremental run asks only from the
     * last stored candle to now.
     */
    @Test
    void incrementalAsksOnlyFromTheLastStoredCandleToNow() throws Exception {
        String symbol = "SCENARIO4USDT";
        Instant hour = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.HOURS);
        Instant storedUntil = hour.minus(Duration.ofHours(2));
        String month = YearMonth.from(storedUntil.atOffset(ZoneOffset.UTC).minusDays(20))
                .toString();
        String first = system.submit(Map.of(
                "sources",
                List.of("binance-rest"),
                "symbols",
                List.of(symbol),
                "timeframe",
                "1h",
                "from",
                month,
                "to",
                DateTimeFormatter.ISO_INSTANT.format(storedUntil)));
        assertThat(system.awaitEnded(first, Duration.ofMinutes(1)).get("state").asString())
                .isEqualTo("COMPLETED");
        List<String> before = system.objectKeys("binance-rest/klines-1h/" + symbol + "/");
        long requestsBefore = stats("binance-api").requests();

        JsonNode incremental = system.post(
                "/collections",
                Map.of(
                        "sources",
                        List.of("binance-rest"),
                        "symbols",
                        List.of(symbol),
                        "timeframe",
                        "1h",
                        "from",
                        month,
                        "to",
                        LocalDateToday.text(),
                        "mode",
                        "INCREMENTAL"));
        JsonNode done = system.awaitEnded(incremental.get("id").asString(), Duration.ofMinutes(1));

        List<String> added = new ArrayList<>(system.objectKeys("binance-rest/klines-1h/" + symbol + "/"));
        added.removeAll(before);
        String token = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
                .withZone(ZoneOffset.UTC)
                .format(storedUntil);
        System.out.printf(
                "SCENARIO 4 E2E: stored until %s; the incremental run planned %d task(s), %d request(s), new objects"
                        + " %s%n",
                storedUntil, done.get("total").asLong(), stats("binance-api").requests() - requestsBefore, added);
        assertThat(done.get("state").asString()).isEqualTo("COMPLETED");
        assertThat(done.get("total").asLong()).isBetween(1L, 2L);
        assertThat(added).hasSize((int) done.get("total").asLong());
        assertThat(added.getFirst()).contains("/" + token + "_");
        assertThat(stats("binance-api").requests() - requestsBefore)
                .isEqualTo(done.get("total").asLong());
    }

    /** Today as a date, for {@code to}. */
    private static final class LocalDateToday {
        static String text() {
            return java.time.LocalDate.now(ZoneOffset.UTC).toString();
        }
    }

    /**
     * Reads the stored window of {@code months} months from {@code first} and compares it, candle by candle, with
     * the simulator's data for {@code market}: the archive's candles. Answers the number of candles.
     */
    private static long assertCandlesAreTheSources(
            String source, String market, String dataset, String symbol, YearMonth first, int months) throws Exception {
        Instant from = first.atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC);
        Instant until = first.plusMonths(months).atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC);
        DateTimeFormatter token =
                DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
        String key = source + "/" + dataset + "-1h/" + symbol + "/" + token.format(from) + "_" + token.format(until)
                + ".csv.gz";
        StatObjectResponse stat = system.s3Client()
                .statObject(StatObjectArgs.builder().bucket("trawl").object(key).build());
        List<String> expected = new ArrayList<>();
        for (int m = 0; m < months; m++) {
            expected.addAll(List.of(ArchiveGenerator.rowsOf(market, symbol, "1h", first.plusMonths(m))));
        }
        List<String> actual = new ArrayList<>();
        try (InputStream in = system.s3Client()
                        .getObject(GetObjectArgs.builder()
                                .bucket("trawl")
                                .object(key)
                                .build());
                BufferedReader reader =
                        new BufferedReader(new InputStreamReader(new GZIPInputStream(in), StandardCharsets.US_ASCII))) {
            assertThat(reader.readLine()).isEqualTo("open_time,open,high,low,close,volume");
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                actual.add(line);
            }
        }
        assertThat(actual).as(key).hasSize(expected.size());
        for (int i = 0; i < expected.size(); i++) {
            String[] fields = expected.get(i).split(",");
            assertThat(actual.get(i))
                    .as(key + " candle " + i)
                    .isEqualTo(String.join(",", List.of(fields).subList(0, 6)));
        }
        assertThat(stat.userMetadata().getFirst("rows")).isEqualTo(Integer.toString(expected.size()));
        assertThat(stat.userMetadata().getFirst("first-open")).isEqualTo(from.toString());
        return actual.size();
    }

    private static SourceStats stats(String judge) {
        return system.simulator().stats().stream()
                .filter(s -> s.source().equals(judge))
                .findFirst()
                .orElseThrow();
    }
}
