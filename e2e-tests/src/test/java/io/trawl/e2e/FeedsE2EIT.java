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
 * RSS feeds end to end with real processes: a first collection stores every item of three feeds once, the next
 * one sends the ETags back, gets 304s and stores nothing, and a malformed feed fails naming where.
 */
class FeedsE2EIT {

    private static final String SOURCES = """
            {"trawl":{"sources":{
              "news":{"type":"feed","dataset":"news","url-template":"${trawl.simulator.url}/news/feeds/{SYMBOL}.xml",
                "limits":{"cps":5}}
            }}}""";
    private static final List<String> FEEDS = List.of("ACME", "GLOBEX", "INITECH");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static TrawlSystem system;

    @BeforeAll
    static void startTheSystem() {
        system = new TrawlSystem(
                FeedsE2EIT.class,
                SimulatorConfig.defaults().withInvalidSymbols(java.util.Set.of("BROKEN")),
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
        await("at least 40 s left in the feeds' 5-minute step")
                .atMost(Duration.ofSeconds(45))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> java.time.Instant.now().getEpochSecond() % 300 <= 260);
        JsonNode first = system.awaitEnded(system.submit(collect(FEEDS)), Duration.ofMinutes(1));
        Set<String> ids = new HashSet<>();
        long items = 0;
        for (String feed : FEEDS) {
            for (String key : system.objectKeys("news/news-1d/" + feed + "/")) {
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
        assertThat(broken.get("state").asString()).isEqualTo("FAILED");
        assertThat(broken.toString()).contains("malformed feed at line 7");
    }

    private static List<String> keys(String feed) {
        try {
            return system.objectKeys("news/news-1d/" + feed + "/");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static long requests() {
        return system.simulator().stats().stream()
                .filter(s -> s.source().equals("news"))
                .mapToLong(s -> s.requests())
                .sum();
    }
}
