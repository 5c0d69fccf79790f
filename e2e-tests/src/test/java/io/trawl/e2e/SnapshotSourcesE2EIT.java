package io.trawl.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.minio.GetObjectArgs;
import io.trawl.simulator.SimulatorConfig;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Feeds and pages end to end with real processes, on one shared system: a first collection stores every item of
 * three feeds once (with each raw feed document beside its items), the next one sends the ETags back, gets 304s
 * and stores nothing, and a malformed feed fails naming where; three page sources collected by the CLI, one
 * hanging, end within their timeout with the seed's summary, in parallel and one at a time; a job mixing an
 * archive, REST candles, a feed and a page completes with one correct summary line per source.
 */
class SnapshotSourcesE2EIT {

    private static final String STORIES = """
            "page":{"items":"article.story","fields":{"title":"h2","link":"a@href","published":"time@datetime"}}""";
    private static final String SOURCES = """
            {"trawl":{"sources":{
              "news":{"type":"feed","dataset":"news","url-template":"${trawl.simulator.url}/news/feeds/{SYMBOL}.xml",
                "limits":{"cps":5}},
              "knco":{"type":"page","dataset":"stories","url-template":"${trawl.simulator.url}/knco/pages/{SYMBOL}.html",
                "limits":{"cps":5},%s},
              "kxan":{"type":"page","dataset":"stories","url-template":"${trawl.simulator.url}/kxan/pages/{SYMBOL}.html",
                "limits":{"cps":5},%s},
              "county":{"type":"page","dataset":"stories",
                "url-template":"${trawl.simulator.url}/county/pages/{SYMBOL}.html","limits":{"cps":5},%s},
              "binance-rest":{"type":"rest-candles","dataset":"klines","intervals":["1d"],
                "limits":{"cps":10},
                "candles":{"url":"${trawl.simulator.url}/binance-api/api/v3/klines",
                  "query":{"symbol":"{SYMBOL}","interval":"{interval}","startTime":"{from:ms}","endTime":"{last:ms}",
                           "limit":"1000"},
                  "fields":{"time":"0","open":"1","high":"2","low":"3","close":"4","volume":"5"},
                  "max-rows":1000,"error-message":"msg"}}
            }}}""".formatted(STORIES, STORIES, STORIES);
    private static final List<String> FEEDS = List.of("ACME", "GLOBEX", "INITECH");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static TrawlSystem system;

    @BeforeAll
    static void startTheSystem() {
        system = new TrawlSystem(
                SnapshotSourcesE2EIT.class,
                SimulatorConfig.defaults().withInvalidSymbols(Set.of("BROKEN")).withHangingSymbols(Set.of("/county/")),
                1,
                Map.of("SPRING_APPLICATION_JSON", SOURCES));
    }

    @AfterAll
    static void stopTheSystem() {
        if (system != null) {
            system.close();
        }
    }

    private static Map<String, Object> collect(List<String> feeds) {
        return Map.of("sources", List.of("news"), "symbols", feeds, "from", "2026-11", "to", "2026-11");
    }

    @Test
    void eachItemIsStoredOnceAndAnUnchangedFeedCostsNothing() throws Exception {
        // the simulated feeds gain an item every 5 minutes: both runs must fall inside one step
        await("at least 20 s left in the feeds' 5-minute step")
                .atMost(Duration.ofSeconds(25))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> java.time.Instant.now().getEpochSecond() % 300 <= 280);
        JsonNode first = system.awaitEnded(system.submit(collect(FEEDS)), Duration.ofMinutes(1));
        Set<String> ids = new HashSet<>();
        long items = 0;
        for (String feed : FEEDS) {
            for (String key : keys(feed)) {
                try (InputStream in = system.s3Client()
                                .getObject(GetObjectArgs.builder()
                                        .bucket("trawl")
                                        .object(key)
                                        .build());
                        BufferedReader reader = new BufferedReader(
                                new InputStreamReader(new GZIPInputStream(in), StandardCharsets.UTF_8))) {
                    for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                        ids.add(JSON.readTree(line).get("id").asString());
                        items++;
                    }
                }
            }
        }
        long requestsBefore = requests();

        JsonNode second = system.awaitEnded(system.submit(collect(FEEDS)), Duration.ofMinutes(1));
        long secondRequests = requests() - requestsBefore;
        long objectsAfter = FEEDS.stream().mapToLong(feed -> keys(feed).size()).sum();
        long rawDocuments = FEEDS.stream()
                .mapToLong(feed -> allKeys("news/news-1d/" + feed + "/").stream()
                        .filter(k -> k.endsWith(".feed.xml"))
                        .count())
                .sum();
        JsonNode broken = system.awaitEnded(system.submit(collect(List.of("BROKEN"))), Duration.ofMinutes(1));

        System.out.printf(
                "FEEDS E2E: first run %s, %d items stored (%d distinct) from 3 feeds; second run %s, %d requests,"
                        + " %d no-data, objects still %d; malformed feed: %s %s%n",
                first.get("state").asString(),
                items,
                ids.size(),
                second.get("state").asString(),
                secondRequests,
                second.get("noData").asLong(),
                objectsAfter,
                broken.get("state").asString(),
                broken.path("failures").toString());
        assertThat(first.get("state").asString()).isEqualTo("COMPLETED");
        assertThat(items).isEqualTo(60).isEqualTo(ids.size());
        assertThat(first.get("summary").asString()).isEqualTo("Total: 60 events from 1/1 sources");
        assertThat(first.get("sources").get(0).get("summary").asString())
                .startsWith("news completed in ")
                .endsWith("(60 events)");
        assertThat(second.get("state").asString()).isEqualTo("COMPLETED");
        assertThat(second.get("noData").asLong()).as("304: nothing new").isEqualTo(3);
        assertThat(secondRequests).isEqualTo(3);
        assertThat(objectsAfter).as("an unchanged feed costs no storage").isEqualTo(3);
        assertThat(rawDocuments)
                .as("each stored snapshot keeps its raw feed document")
                .isEqualTo(3);
        assertThat(broken.get("state").asString()).isEqualTo("FAILED");
        assertThat(broken.toString()).contains("malformed feed at line 7");
    }

    /** The stored items of {@code feed} (not the raw documents beside them). */
    private static List<String> keys(String feed) {
        return allKeys("news/news-1d/" + feed + "/").stream()
                .filter(k -> k.endsWith(".jsonl.gz"))
                .toList();
    }

    private static List<String> allKeys(String prefix) {
        try {
            return system.objectKeys(prefix);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aHangingPageSourceTimesOutWhileTheOthersFinishInParallelAndOneAtATime() throws Exception {
        for (List<String> mode : List.of(List.of("LOCAL"), List.of("STATE", "--no-parallel"))) {
            List<String> args = new java.util.ArrayList<>(List.of(
                    "collect",
                    "--sources",
                    "knco,kxan,county",
                    "--symbols",
                    mode.getFirst(),
                    "--timeout",
                    "3s",
                    "--poll",
                    "100ms"));
            args.addAll(mode.subList(1, mode.size()));
            long started = System.nanoTime();
            TrawlSystem.CliRun run = system.cli(args.toArray(String[]::new));
            long cliMillis = (System.nanoTime() - started) / 1_000_000;
            String jobId = run.output()
                    .lines()
                    .filter(l -> l.startsWith("Job j-"))
                    .findFirst()
                    .orElseThrow()
                    .split("[ :]")[1];
            JsonNode job = system.get("/collections/" + jobId);
            long jobMillis = java.time.Duration.between(
                            java.time.Instant.parse(job.get("createdAt").asString()),
                            java.time.Instant.parse(job.get("finishedAt").asString()))
                    .toMillis();
            System.out.printf(
                    "PAGES E2E (%s): job wall %d ms, CLI wall %d ms (with its JVM start), exit %d%n%s%n",
                    String.join(" ", mode), jobMillis, cliMillis, run.exitCode(), run.output());

            assertThat(jobMillis).as("total wall < timeout + 1 s").isLessThan(4_000);
            assertThat(run.exitCode())
                    .as("a source timed out: the job did not complete")
                    .isEqualTo(1);
            assertThat(run.output())
                    .contains("county timed out after 3s (0 items)")
                    .containsPattern("knco completed in [0-9.]+s \\(10 items\\)")
                    .containsPattern("kxan completed in [0-9.]+s \\(10 items\\)")
                    .contains("Total: 20 items from 2/3 sources");
        }
    }

    @Test
    void aFeedScheduledEverySecondOnTwoReplicasRunsEachDueRunOnceAndStoresEachItemOnce() throws Exception {
        system.startOrchestratorReplica();
        long requestsBefore = requests();
        TrawlSystem.CliRun created = system.cli(
                "schedules",
                "create",
                "--name",
                "feed-poll",
                "--sources",
                "news",
                "--symbols",
                "SCHED",
                "--every",
                "1s");
        assertThat(created.exitCode()).as(created.output()).isZero();
        String id = created.output().split(" ")[1];

        await("8 runs").atMost(Duration.ofSeconds(60)).until(() -> runs(id) >= 8);
        system.failOverOrchestrator();
        await("20 runs, the last 12 on the surviving replica")
                .atMost(Duration.ofSeconds(120))
                .until(() -> runs(id) >= 20);
        TrawlSystem.CliRun paused = system.cli("schedules", "pause", id);
        JsonNode schedule = system.get("/schedules/" + id);
        String lastJob = schedule.get("lastJobId").asString();
        system.awaitEnded(lastJob, Duration.ofMinutes(1));
        schedule = system.get("/schedules/" + id);

        String suffix = id.substring(2).replace("-", "");
        List<String> jobs = new java.util.ArrayList<>();
        system.get("/collections").forEach(job -> {
            if (job.get("id").asString().endsWith("-" + suffix)) {
                jobs.add(job.get("id").asString());
            }
        });
        List<java.time.Instant> due = new java.util.ArrayList<>();
        Set<String> firedBy = new HashSet<>();
        schedule.get("recentRuns").forEach(run -> {
            due.add(java.time.Instant.parse(run.get("dueAt").asString()));
            firedBy.add(run.get("firedBy").asString());
        });
        due.sort(null);
        Set<String> ids = new HashSet<>();
        long items = 0;
        List<String> objects = allKeys("news/news-1d/SCHED/").stream()
                .filter(k -> k.endsWith(".jsonl.gz"))
                .toList();
        for (String key : objects) {
            for (String line : lines(key)) {
                ids.add(JSON.readTree(line).get("id").asString());
                items++;
            }
        }
        long runs = schedule.get("runs").asLong();
        long requests = requests() - requestsBefore;
        System.out.printf(
                "SCHEDULE E2E: %d runs started (%d skipped), %d jobs with the schedule's ids, %d feed requests,"
                        + " %d objects, %d items (%d distinct), replicas that fired: %s, due times %s..%s%n%s%n",
                runs,
                schedule.get("skipped").asLong(),
                jobs.size(),
                requests,
                objects.size(),
                items,
                ids.size(),
                firedBy,
                due.getFirst(),
                due.getLast(),
                paused.output());

        assertThat(jobs)
                .as("each run started exactly one job")
                .hasSize((int) runs)
                .doesNotHaveDuplicates();
        assertThat(runs + schedule.get("skipped").asLong()).isGreaterThanOrEqualTo(20);
        for (int i = 1; i < due.size(); i++) {
            assertThat(Duration.between(due.get(i - 1), due.get(i)))
                    .as("every due run handled once, none dropped, across the fail-over")
                    .isEqualTo(Duration.ofSeconds(1));
        }
        assertThat(items)
                .as("each item stored once across all runs")
                .isEqualTo(ids.size())
                .isGreaterThanOrEqualTo(20);
        assertThat(objects.size())
                .as("a 304 costs no storage: one object, two if the feed gained an item meanwhile")
                .isBetween(1, 2);
        assertThat(requests).as("one request per run").isEqualTo(runs);
        assertThat(system.cli("schedules").output())
                .contains(id)
                .contains("PAUSED")
                .contains("every 1s");
        assertThat(system.cli("schedules", "delete", id).exitCode()).isZero();
    }

    private static long runs(String id) throws Exception {
        return system.get("/schedules/" + id).get("runs").asLong();
    }

    private static List<String> lines(String key) throws Exception {
        try (InputStream in = system.s3Client()
                        .getObject(GetObjectArgs.builder()
                                .bucket("trawl")
                                .object(key)
                                .build());
                BufferedReader reader =
                        new BufferedReader(new InputStreamReader(new GZIPInputStream(in), StandardCharsets.UTF_8))) {
            return reader.lines().toList();
        }
    }

    @Test
    void aJobMixingAnArchiveCandlesAFeedAndAPageCompletesWithOneSummaryPerSource() throws Exception {
        JsonNode job = system.awaitEnded(
                system.submit(Map.of(
                        "sources",
                        List.of("binance", "binance-rest", "news", "knco"),
                        "symbols",
                        List.of("MIXUSDT"),
                        "from",
                        "2024-01",
                        "to",
                        "2024-01",
                        "timeframe",
                        "1d")),
                Duration.ofMinutes(1));
        Map<String, String> summaries = new java.util.HashMap<>();
        job.get("sources")
                .forEach(s -> summaries.put(
                        s.get("source").asString(), s.get("summary").asString()));
        System.out.printf("MIXED E2E: %s; %s; %s%n", job.get("state").asString(), summaries, job.get("summary"));

        assertThat(job.get("state").asString()).isEqualTo("COMPLETED");
        assertThat(summaries.get("binance")).matches("binance completed in [0-9.]+s \\(1 files\\)");
        assertThat(summaries.get("binance-rest")).matches("binance-rest completed in [0-9.]+s \\(31 candles\\)");
        assertThat(summaries.get("news")).matches("news completed in [0-9.]+s \\(20 events\\)");
        assertThat(summaries.get("knco")).matches("knco completed in [0-9.]+s \\(10 items\\)");
        assertThat(job.get("summary").asString()).isEqualTo("Total: 4 results from 4/4 sources");
        assertThat(allKeys("knco/stories-1d/MIXUSDT/"))
                .as("the raw page and its items beside it")
                .hasSize(2)
                .anyMatch(k -> k.endsWith(".html"))
                .anyMatch(k -> k.endsWith(".items.jsonl.gz"));
    }

    private static long requests() {
        return system.simulator().stats().stream()
                .filter(s -> s.source().equals("news"))
                .mapToLong(s -> s.requests())
                .sum();
    }
}
