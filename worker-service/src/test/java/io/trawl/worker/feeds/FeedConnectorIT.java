package io.trawl.worker.feeds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.trawl.infra.TrawlProperties;
import io.trawl.messages.CollectTask;
import io.trawl.messages.Partition;
import io.trawl.simulator.SimulatorConfig;
import io.trawl.simulator.SourceSimulator;
import io.trawl.sources.SourceDefinition;
import io.trawl.sources.SourceType;
import io.trawl.testsupport.TestInfrastructure;
import io.trawl.testsupport.TestRedis;
import io.trawl.worker.TestWorkers;
import io.trawl.worker.WorkerProperties;
import io.trawl.worker.source.FetchContext;
import io.trawl.worker.source.Fetched;
import io.trawl.worker.source.RequestGate;
import io.trawl.worker.source.SourceFailure;
import io.trawl.worker.source.SourceHttp;
import io.trawl.worker.source.SourceMemory;
import io.trawl.worker.source.Validated;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The feed connector against the simulator's RSS feeds (ETag, gzip, 20 items, one new every 5 minutes) with
 * its state in the real Redis: new items only, once; 304 costs nothing; malformed XML names where.
 */
class FeedConnectorIT {

    private static final String NAMESPACE = TestInfrastructure.namespace(FeedConnectorIT.class);
    private static final SourceSimulator SIMULATOR =
            SourceSimulator.start(SimulatorConfig.defaults().withInvalidSymbols(Set.of("BROKEN")));
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @RegisterExtension
    static final TestRedis REDIS = TestRedis.connect(NAMESPACE);

    @TempDir
    Path spool;

    @AfterAll
    static void stop() {
        SIMULATOR.close();
    }

    private FeedConnector connector() {
        WorkerProperties properties = TestWorkers.spoolingTo(spool, Duration.ofSeconds(10));
        return new FeedConnector(
                new SourceHttp(properties, RequestGate.OPEN, 1),
                properties,
                new SourceMemory(REDIS.template(), new TrawlProperties(NAMESPACE, Map.of()), Clock.systemUTC()),
                JSON,
                Clock.systemUTC());
    }

    private static SourceDefinition news() {
        return new SourceDefinition(
                SourceType.FEED,
                "news",
                null,
                SIMULATOR.baseUrl() + "/news/feeds/{SYMBOL}.xml",
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null);
    }

    private static CollectTask task(String symbol) {
        return new CollectTask(
                "t-" + symbol,
                "news",
                "news",
                symbol,
                "1d",
                new Partition.Snapshot(Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS)),
                1,
                0);
    }

    private static List<JsonNode> items(Fetched fetched) throws IOException {
        List<JsonNode> items = new ArrayList<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(
                new GZIPInputStream(Files.newInputStream(fetched.file())), StandardCharsets.UTF_8))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                items.add(JSON.readTree(line));
            }
        }
        return items;
    }

    private static FetchContext context() {
        return new FetchContext((bytes, total) -> {}, (k, v) -> {});
    }

    @Test
    void theFirstSnapshotStoresEveryItemAndTheNextOneCostsNothing() throws IOException {
        FeedConnector connector = connector();
        CollectTask task = task("ACME");

        Fetched first = connector.fetch(task, news(), context());
        Validated validated = new FeedValidator(JSON).validate(first, task, news());
        List<JsonNode> items = items(first);
        connector.stored(task, news(), first);

        assertThat(validated.rows()).isEqualTo(20);
        assertThat(items.getFirst().get("id").asString())
                .isEqualTo(items.getFirst().get("id").asString());
        assertThat(items.getFirst().propertyNames())
                .containsExactly(
                        "id",
                        "title",
                        "link",
                        "published",
                        "updated",
                        "author",
                        "summary",
                        "categories",
                        "source",
                        "fetchedAt");
        assertThat(items.getFirst().get("categories").get(0).asString()).isEqualTo("ACME");
        assertThat(first.companions()).singleElement().satisfies(raw -> {
            assertThat(raw.extension()).isEqualTo("feed.xml");
            assertThat(Files.readString(raw.file()))
                    .as("the raw feed document, inflated, beside its items")
                    .startsWith("<?xml")
                    .contains("<guid>" + items.getFirst().get("id").asString() + "</guid>");
        });
        assertThatThrownBy(() -> connector.fetch(task("ACME"), news(), context()))
                .as("the same ETag sent back: 304, nothing stored")
                .isInstanceOfSatisfying(SourceFailure.class, f -> {
                    assertThat(f.noData()).isTrue();
                    assertThat(f.getMessage()).contains("304 Not Modified");
                });
    }

    @Test
    void itemsAlreadyStoredAreNeverStoredAgainEvenWithoutAnETag() throws IOException {
        FeedConnector connector = connector();
        Fetched first = connector.fetch(task("GLOBEX"), news(), context());
        connector.stored(task("GLOBEX"), news(), first);
        REDIS.template()
                .opsForHash()
                .delete(
                        new TrawlProperties(NAMESPACE, Map.of())
                                .topology()
                                .redis()
                                .memory("news", "GLOBEX"),
                        "etag",
                        "last-modified");

        assertThatThrownBy(() -> connector.fetch(task("GLOBEX"), news(), context()))
                .isInstanceOfSatisfying(
                        SourceFailure.class, f -> assertThat(f.getMessage()).contains("200 with 20 items, none new"));
    }

    @Test
    void aSnapshotNotStoredIsNotRememberedSoItsItemsComeAgain() throws IOException {
        FeedConnector connector = connector();

        connector.fetch(task("INITECH"), news(), context());
        Fetched again = connector.fetch(task("INITECH"), news(), context());

        assertThat(items(again)).hasSize(20);
    }

    @Test
    void malformedXmlIsAPermanentFailureNamingLineAndColumn() {
        assertThatThrownBy(() -> connector().fetch(task("BROKEN"), news(), context()))
                .isInstanceOfSatisfying(SourceFailure.class, f -> {
                    assertThat(f.errorClass()).isEqualTo("InvalidData");
                    assertThat(f.retryable()).isFalse();
                    assertThat(f.getMessage()).containsPattern("malformed feed at line 7, column \\d+");
                });
    }
}
