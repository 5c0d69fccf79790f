package io.trawl.orchestrator.collection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.trawl.infra.TrawlProperties;
import io.trawl.messages.Priority;
import io.trawl.orchestrator.OrchestratorProperties;
import io.trawl.orchestrator.planning.CatalogEntry;
import io.trawl.orchestrator.planning.CollectionSpec;
import io.trawl.orchestrator.planning.PlanningException;
import io.trawl.orchestrator.planning.SymbolCatalog;
import io.trawl.sources.SourceDefinition;
import io.trawl.sources.SourceType;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RequestResolverTest {

    private static final SourceDefinition BINANCE = new SourceDefinition(
            SourceType.HTTP_ARCHIVE,
            "klines",
            List.of("1d", "1h"),
            "http://x/{SYMBOL}.zip",
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null);

    private final RequestResolver resolver = new RequestResolver(
            new TrawlProperties(
                    "trawl",
                    Map.of(
                            "binance",
                            BINANCE,
                            "news",
                            new SourceDefinition(
                                    SourceType.FEED,
                                    "news",
                                    null,
                                    "http://x/{SYMBOL}.xml",
                                    null,
                                    null,
                                    null,
                                    null,
                                    null,
                                    null,
                                    null,
                                    null,
                                    null))),
            new OrchestratorProperties(
                    "unused",
                    1000,
                    24,
                    1,
                    50,
                    10,
                    100,
                    0.01,
                    Duration.ofSeconds(5),
                    Duration.ofMillis(250),
                    10,
                    Duration.ofDays(30),
                    new OrchestratorProperties.Dispatch(
                            100,
                            10_000,
                            Duration.ofMillis(250),
                            Duration.ofSeconds(5),
                            Duration.ofMillis(500),
                            Duration.ofSeconds(1),
                            new OrchestratorProperties.Tracing(1000, 0.01),
                            16,
                            32)),
            new SymbolCatalog(List.of(
                    new CatalogEntry("BTCUSDT", "crypto", "layer1"), new CatalogEntry("UNIUSDT", "crypto", "defi"))),
            Clock.fixed(Instant.parse("2026-11-23T00:00:00Z"), ZoneOffset.UTC));

    private static CollectionRequest request(
            List<String> sources, List<String> symbols, String market, String sector, String from, String to) {
        return new CollectionRequest(
                sources, symbols, market, sector, null, from, to, null, null, null, null, null, null);
    }

    @Test
    void resolvesCriteriaThroughTheCatalogWithDefaults() {
        CollectionSpec spec =
                resolver.resolve(request(List.of("binance"), null, "crypto", "defi", "2024-01", "2024-12"));

        assertThat(spec.symbols()).containsExactly("UNIUSDT");
        assertThat(spec.interval()).isEqualTo("1d");
        assertThat(spec.priority()).isEqualTo(Priority.NORMAL);
        assertThat(spec.taskCount()).isEqualTo(12);
    }

    @Test
    void snapshotsNeedNoRangeButHistoryDoes() {
        CollectionSpec spec = resolver.resolve(request(List.of("news"), List.of("ACME"), null, null, null, null));

        assertThat(spec.months().from()).hasToString("2026-11");
        assertThat(spec.taskCount()).isEqualTo(1);
        assertThatThrownBy(() -> resolver.resolve(
                        request(List.of("news", "binance"), List.of("ACME"), null, null, null, "2024-01")))
                .isInstanceOf(PlanningException.class)
                .hasMessageContaining("from");
    }

    @Test
    void noMatchingSymbolsIsNothingToCollect() {
        assertThatThrownBy(() ->
                        resolver.resolve(request(List.of("binance"), null, "crypto", "gaming", "2024-01", "2024-01")))
                .isInstanceOfSatisfying(PlanningException.class, e -> assertThat(e.kind())
                        .isEqualTo(PlanningException.Kind.NOTHING_TO_COLLECT))
                .hasMessage("No symbols found matching criteria market=crypto, sector=gaming");
    }

    @Test
    void rejectsUnknownSourceNamingTheConfiguredOnes() {
        assertThatThrownBy(() -> resolver.resolve(
                        request(List.of("nasdaq"), List.of("BTCUSDT"), null, null, "2024-01", "2024-01")))
                .hasMessage("unknown source 'nasdaq'; configured: [binance, news]");
    }

    @Test
    void rejectsReversedFutureAndOversizedRanges() {
        assertThatThrownBy(() -> resolver.resolve(
                        request(List.of("binance"), List.of("BTCUSDT"), null, null, "2024-05", "2024-01")))
                .hasMessageContaining("invalid range: to (2024-01) is before from (2024-05)");
        assertThatThrownBy(() -> resolver.resolve(
                        request(List.of("binance"), List.of("BTCUSDT"), null, null, "2026-01", "2027-01")))
                .hasMessageContaining("after the current month (2026-11)");
        assertThatThrownBy(() -> resolver.resolve(
                        request(List.of("binance"), List.of("BTCUSDT"), null, null, "2020-01", "2024-01")))
                .hasMessageContaining("49 months; the limit is 24");
    }

    @Test
    void rejectsBadSymbolsAndAmbiguousSelection() {
        assertThatThrownBy(() -> resolver.resolve(
                        request(List.of("binance"), List.of("btc/usdt"), null, null, "2024-01", "2024-01")))
                .hasMessageContaining("symbol 'btc/usdt' must match");
        assertThatThrownBy(() -> resolver.resolve(
                        request(List.of("binance"), List.of("BTCUSDT"), "crypto", null, "2024-01", "2024-01")))
                .hasMessageContaining("either symbols or market");
    }

    @Test
    void sequentialModeMeansConcurrencyOneAndContradictionsAreNamed() {
        CollectionRequest sequential = new CollectionRequest(
                List.of("binance"),
                List.of("BTCUSDT"),
                null,
                null,
                null,
                "2024-01",
                "2024-03",
                null,
                null,
                false,
                null,
                null,
                null);
        CollectionRequest contradictory = new CollectionRequest(
                List.of("binance"),
                List.of("BTCUSDT"),
                null,
                null,
                null,
                "2024-01",
                "2024-03",
                null,
                null,
                false,
                4,
                null,
                null);
        CollectionRequest negative = new CollectionRequest(
                List.of("binance"),
                List.of("BTCUSDT"),
                null,
                null,
                null,
                "2024-01",
                "2024-03",
                null,
                null,
                null,
                -1,
                null,
                null);

        assertThat(resolver.resolve(sequential).concurrency()).isEqualTo(1);
        assertThatThrownBy(() -> resolver.resolve(contradictory)).hasMessageContaining("contradicts concurrency=4");
        assertThatThrownBy(() -> resolver.resolve(negative)).hasMessageContaining("concurrency must be >= 0");
    }

    @Test
    void rejectsTimeframeTheSourceDoesNotOffer() {
        CollectionRequest request = new CollectionRequest(
                List.of("binance"),
                List.of("BTCUSDT"),
                null,
                null,
                "4h",
                "2024-01",
                "2024-01",
                null,
                null,
                null,
                null,
                null,
                null);

        assertThatThrownBy(() -> resolver.resolve(request))
                .hasMessage("source 'binance' does not offer timeframe '4h'; it offers [1d, 1h]");
    }

    @Test
    void aJobTimeoutAppliesToEverySourceAndIsParsedInEitherStyle() {
        CollectionRequest request = timed("45s", 3);

        CollectionSpec spec = resolver.resolve(request);

        assertThat(spec.jobTimeout()).isEqualTo(Duration.ofSeconds(45));
        assertThat(spec.timeoutOf("binance")).isEqualTo(Duration.ofSeconds(45));
        assertThat(spec.pauseAfterFailures()).isEqualTo(3);
    }

    @Test
    void withoutAJobTimeoutEachSourceKeepsItsOwn() {
        CollectionSpec spec =
                resolver.resolve(request(List.of("binance"), List.of("BTCUSDT"), null, null, "2024-01", "2024-02"));

        assertThat(spec.jobTimeout()).isNull();
        assertThat(spec.timeoutOf("binance")).isEqualTo(Duration.ofSeconds(30));
        assertThat(spec.pauseAfterFailures()).as("the configured default").isEqualTo(100);
    }

    @Test
    void aTimeoutThatIsNoDurationNamesTheField() {
        CollectionRequest request = timed("soon", null);

        assertThatThrownBy(() -> resolver.resolve(request))
                .isInstanceOfSatisfying(
                        PlanningException.class, e -> assertThat(e.field()).isEqualTo("timeout"))
                .hasMessageContaining(
                        "timeout must be a duration with its unit, like 30s, 2m or PT30S, but was 'soon'");
    }

    @Test
    void aTimeoutWithoutUnitIsRefusedNotTakenAsMilliseconds() {
        assertThatThrownBy(() -> resolver.resolve(timed("30", null)))
                .isInstanceOfSatisfying(
                        PlanningException.class, e -> assertThat(e.field()).isEqualTo("timeout"))
                .hasMessageContaining("with its unit");
        assertThatThrownBy(() -> resolver.resolve(timed("1.5", null))).hasMessageContaining("with its unit");
    }

    private static CollectionRequest timed(String timeout, Integer pauseAfterFailures) {
        return new CollectionRequest(
                List.of("binance"),
                List.of("BTCUSDT"),
                null,
                null,
                null,
                "2024-01",
                "2024-02",
                null,
                null,
                null,
                null,
                timeout,
                pauseAfterFailures);
    }
}
