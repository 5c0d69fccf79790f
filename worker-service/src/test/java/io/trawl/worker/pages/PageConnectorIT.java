package io.trawl.worker.pages;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.trawl.infra.TrawlProperties;
import io.trawl.messages.CollectTask;
import io.trawl.messages.Partition;
import io.trawl.simulator.SimulatorConfig;
import io.trawl.simulator.SourceSimulator;
import io.trawl.sources.PageRules;
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
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
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
 * The page connector against the simulator's news pages (10 stories, one more every 5 minutes, ETag, a
 * robots.txt disallowing PRIVATE pages) with its memory in the real Redis.
 */
class PageConnectorIT {

    private static final String NAMESPACE = TestInfrastructure.namespace(PageConnectorIT.class);
    private static final SourceSimulator SIMULATOR =
            SourceSimulator.start(SimulatorConfig.defaults().withInvalidSymbols(Set.of("GARBLED")));
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @RegisterExtension
    static final TestRedis REDIS = TestRedis.connect(NAMESPACE);

    @TempDir
    Path spool;

    @AfterAll
    static void stop() {
        SIMULATOR.close();
    }

    private PageConnector connector() {
        WorkerProperties properties = TestWorkers.spoolingTo(spool, Duration.ofSeconds(10));
        SourceHttp http = new SourceHttp(properties, RequestGate.OPEN, 1);
        return new PageConnector(
                http,
                properties,
                new SourceMemory(REDIS.template(), new TrawlProperties(NAMESPACE, Map.of()), Clock.systemUTC()),
                new RobotsRules(http, properties, Clock.systemUTC()),
                JSON,
                Clock.systemUTC());
    }

    private static SourceDefinition site(PageRules rules) {
        return new SourceDefinition(
                SourceType.PAGE,
                "stories",
                null,
                SIMULATOR.baseUrl() + "/site/pages/{SYMBOL}.html",
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                rules,
                null);
    }

    private static PageRules stories() {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("title", "h2");
        fields.put("link", "a@href");
        fields.put("published", "time@datetime");
        return new PageRules("article.story", fields, null);
    }

    private static CollectTask task(String page) {
        return new CollectTask(
                "t-" + page,
                "site",
                "stories",
                page,
                "1d",
                new Partition.Snapshot(Instant.now().truncatedTo(ChronoUnit.SECONDS)),
                1,
                0);
    }

    private static FetchContext context() {
        return new FetchContext((bytes, total) -> {}, (k, v) -> {});
    }

    private static List<JsonNode> items(Fetched fetched) throws IOException {
        List<JsonNode> items = new ArrayList<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(
                new GZIPInputStream(
                        Files.newInputStream(fetched.companions().getFirst().file())),
                StandardCharsets.UTF_8))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                items.add(JSON.readTree(line));
            }
        }
        return items;
    }

    @Test
    void aPageIsStoredRawWithItsItemsBesideItAndAnUnchangedPageCostsNothing() throws IOException {
        PageConnector connector = connector();
        int robotsBefore = SIMULATOR.robotsTxtRequests();

        Fetched page = connector.fetch(task("MARKETS"), site(stories()), context());
        Validated validated = new PageValidator().validate(page, task("MARKETS"), site(stories()));
        List<JsonNode> items = items(page);
        connector.stored(task("MARKETS"), site(stories()), page);

        assertThat(Files.readString(page.file())).startsWith("<!DOCTYPE html>").contains("article class=\"story\"");
        assertThat(page.contentType()).isEqualTo("text/html");
        assertThat(page.companions().getFirst().extension()).isEqualTo("items.jsonl.gz");
        assertThat(validated.rows()).isEqualTo(10);
        JsonNode first = items.getFirst();
        assertThat(first.propertyNames())
                .containsExactly("source", "page", "url", "index", "title", "link", "published", "fetchedAt");
        assertThat(first.get("title").asString()).startsWith("MARKETS story ").endsWith(" – “quoted” & more");
        assertThat(first.get("link").asString())
                .as("relative links made absolute")
                .startsWith(SIMULATOR.baseUrl() + "/site/stories/MARKETS/");
        assertThat(Instant.parse(first.get("published").asString())).isBefore(Instant.now());
        assertThat(SIMULATOR.pageUserAgents()).containsExactly(WorkerProperties.DEFAULT_USER_AGENT);

        assertThatThrownBy(() -> connector.fetch(task("MARKETS"), site(stories()), context()))
                .as("the same ETag sent back: 304, nothing stored")
                .isInstanceOfSatisfying(
                        SourceFailure.class, f -> assertThat(f.getMessage()).contains("304 Not Modified"));
        assertThat(SIMULATOR.robotsTxtRequests() - robotsBefore)
                .as("robots.txt asked once per site and kept")
                .isEqualTo(1);
    }

    @Test
    void aPageWithoutRulesIsStoredRawOnly() {
        Fetched page = connector().fetch(task("SPORTS"), site(null), context());

        assertThat(page.companions()).isEmpty();
        assertThat(new PageValidator()
                        .validate(page, task("SPORTS"), site(null))
                        .rows())
                .isZero();
    }

    @Test
    void robotsTxtIsHonouredUnlessTheOperatorOverridesIt() {
        assertThatThrownBy(() -> connector().fetch(task("PRIVATE"), site(stories()), context()))
                .isInstanceOfSatisfying(SourceFailure.class, f -> {
                    assertThat(f.errorClass()).isEqualTo("RobotsDisallowed");
                    assertThat(f.retryable()).isFalse();
                    assertThat(f.getMessage()).contains("robots.txt: disallow: /*/pages/PRIVATE");
                });

        Fetched page = connector()
                .fetch(
                        task("PRIVATE"),
                        site(new PageRules("article.story", Map.of("title", "h2"), "ignore")),
                        context());
        assertThat(page.bytes()).isPositive();
    }

    @Test
    void selectorsThatMatchNothingAreReportedNotStoredEmpty() {
        assertThatThrownBy(() -> connector().fetch(task("NOSTORIES"), site(stories()), context()))
                .isInstanceOfSatisfying(SourceFailure.class, f -> {
                    assertThat(f.errorClass()).isEqualTo("SelectorsMatchNothing");
                    assertThat(f.getMessage()).contains("page.items 'article.story' matches nothing on the page");
                });
        PageRules wrongField = new PageRules("article.story", Map.of("author", "span.byline"), null);
        assertThatThrownBy(() -> connector().fetch(task("WORLD"), site(wrongField), context()))
                .isInstanceOfSatisfying(SourceFailure.class, f -> assertThat(f.getMessage())
                        .contains("page.fields.author 'span.byline' matches nothing in any of the 10 items"));
        assertThat(spool).isEmptyDirectory();
    }

    @Test
    void malformedContentIsAPermanentFailureNamingTheByte() {
        assertThatThrownBy(() -> connector().fetch(task("GARBLED"), site(stories()), context()))
                .isInstanceOfSatisfying(SourceFailure.class, f -> {
                    assertThat(f.errorClass()).isEqualTo("InvalidData");
                    assertThat(f.retryable()).isFalse();
                    assertThat(f.getMessage()).contains("malformed content: not valid UTF-8 at byte 120");
                });
        assertThat(spool).isEmptyDirectory();
    }
}
