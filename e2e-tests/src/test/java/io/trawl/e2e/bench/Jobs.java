package io.trawl.e2e.bench;

import io.trawl.e2e.TrawlSystem;
import io.trawl.simulator.SourceStats;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.IntStream;
import tools.jackson.databind.JsonNode;

/** Runs a collection on a system and reads its timing from the job record (server clocks, no polling error). */
final class Jobs {

    private Jobs() {}

    /** How a job went. */
    record Outcome(String state, long total, long succeeded, Duration wall, Duration running) {

        /** This outcome if the job COMPLETED; a failed run writes no figures. */
        Outcome completed() {
            if (!"COMPLETED".equals(state)) {
                throw new IllegalStateException("benchmark job ended " + state + ": " + this);
            }
            return this;
        }

        double tasksPerSecond() {
            return succeeded / seconds(wall);
        }
    }

    /**
     * Service settings for binance at {@code cps} requests per second (0: no rate limit), no concurrency limit,
     * {@code consumers} tasks per worker, plus {@code more} (name, value, ...).
     */
    static Map<String, String> settings(int cps, int consumers, String... more) {
        Map<String, String> settings = new HashMap<>(Map.of(
                "TRAWL_SOURCES_BINANCE_LIMITS_CPS", Integer.toString(cps),
                "TRAWL_SOURCES_BINANCE_LIMITS_CONCURRENCY", "0",
                "TRAWL_WORKER_CONCURRENCY", Integer.toString(consumers)));
        for (int i = 0; i < more.length; i += 2) {
            settings.put(more[i], more[i + 1]);
        }
        return settings;
    }

    /** What the simulated binance saw. */
    static SourceStats binance(TrawlSystem system) {
        return system.simulator().stats().stream()
                .filter(s -> s.source().equals("binance"))
                .findFirst()
                .orElseThrow();
    }

    static List<String> symbols(String prefix, int count) {
        return IntStream.range(0, count)
                .mapToObj(i -> "%s%04dUSDT".formatted(prefix, i))
                .toList();
    }

    /** Collects {@code symbols} × the months from {@code from} on, from binance (1d), and waits for the end. */
    static Outcome collect(TrawlSystem system, List<String> symbols, YearMonth from, int months, Duration atMost)
            throws Exception {
        String jobId = system.submit(Map.of(
                "sources", List.of("binance"),
                "symbols", symbols,
                "timeframe", "1d",
                "from", from.toString(),
                "to", from.plusMonths(months - 1).toString()));
        JsonNode job = system.awaitEnded(jobId, atMost);
        Instant created = Instant.parse(job.get("createdAt").asString());
        Instant started = Instant.parse(job.get("startedAt").asString());
        Instant finished = Instant.parse(job.get("finishedAt").asString());
        return new Outcome(
                job.get("state").asString(),
                job.get("total").asLong(),
                job.get("succeeded").asLong(),
                Duration.between(created, finished),
                Duration.between(started, finished));
    }

    static double seconds(Duration duration) {
        return duration.toNanos() / 1e9;
    }

    static String fixed(double value, int decimals) {
        return String.format(Locale.ROOT, "%." + decimals + "f", value);
    }
}
