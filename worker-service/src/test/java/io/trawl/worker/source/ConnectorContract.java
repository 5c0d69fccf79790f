package io.trawl.worker.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.trawl.messages.CollectTask;
import io.trawl.messages.Partition;
import io.trawl.simulator.ServerRules;
import io.trawl.simulator.SimulatorConfig;
import io.trawl.simulator.SourceSimulator;
import io.trawl.sources.SourceDefinition;
import io.trawl.worker.TestWorkers;
import io.trawl.worker.WorkerProperties;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.util.HexFormat;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What every connector does, whatever its kind: each kind's test extends this suite with its connector, a source
 * on the simulator and the partition to ask for (a month or window of January 2024 for a source with history, a
 * snapshot now for feeds, files and pages). Listed symbol {@code NEWUSDT} starts in March 2024; the simulator has
 * nothing at all for {@code GONE}.
 */
public abstract class ConnectorContract {

    protected static final SourceSimulator SIMULATOR = SourceSimulator.start(SimulatorConfig.defaults()
            .withRules(ServerRules.DEFAULT.withListings(Map.of("NEWUSDT", YearMonth.of(2024, 3))))
            .withMissingSymbols(java.util.Set.of("GONE")));

    @TempDir
    protected Path spool;

    static {
        // one simulator for every connector's suite in the test JVM: it stops with the JVM, not after one suite
        Runtime.getRuntime().addShutdownHook(new Thread(SIMULATOR::close, "connector-contract-simulator"));
    }

    /** The connector under test, spooling to {@code workDir}. */
    protected abstract Connector connector(WorkerProperties properties);

    /** A source of the connector's kind on {@code baseUrl} (the simulator, or nowhere). */
    protected abstract SourceDefinition source(String baseUrl);

    /** The validator of the connector's content. */
    protected abstract Validator validator();

    /** The partition to fetch, in the kind's own shape: January 2024, or a snapshot now. */
    protected abstract Partition partition();

    /** Rows the partition holds for {@code BTCUSDT} at {@link #interval()} as its validator counts them. */
    protected abstract long expectedRows();

    /** Open time of the partition's first candle as its validator reports it; null for content without candles. */
    protected Instant expectedFirstOpen() {
        return partition().start();
    }

    /** A symbol the source has no data for in the partition: one listed later, or one it does not know. */
    protected String absentSymbol() {
        return "NEWUSDT";
    }

    /**
     * Whether fetching the same partition twice gives the same bytes (so a retried task rewrites the same object):
     * true unless the kind stamps what it stores with the fetch time (feed items carry {@code fetchedAt}).
     */
    protected boolean sameBytesOnRetry() {
        return true;
    }

    /** A partition of no kind this connector fetches. */
    protected Partition foreignPartition() {
        return new Partition.Snapshot(Instant.parse("2024-01-01T00:00:00Z"));
    }

    protected String interval() {
        return "1h";
    }

    protected WorkerProperties properties() {
        return TestWorkers.spoolingTo(spool, Duration.ofSeconds(5));
    }

    protected CollectTask task(String symbol, Partition partition) {
        return new CollectTask(
                "t-" + symbol,
                "src",
                source(SIMULATOR.baseUrl().toString()).dataset(),
                symbol,
                interval(),
                partition,
                1,
                0);
    }

    private Fetched fetch(CollectTask task, SourceDefinition source) {
        return connector(properties()).fetch(task, source, new FetchContext((bytes, total) -> {}, (k, v) -> {}));
    }

    @Test
    void fetchesWhatItsValidatorAcceptsWithTheSourcesExtensionAndATrueSha256() throws Exception {
        SourceDefinition source = source(SIMULATOR.baseUrl().toString());
        CollectTask task = task("BTCUSDT", partition());

        Fetched fetched = fetch(task, source);
        Validated validated = validator().validate(fetched, task, source);

        assertThat(fetched.contentType()).isEqualTo(validator().contentType());
        assertThat(fetched.extension()).isEqualTo(source.extension());
        assertThat(fetched.bytes()).isEqualTo(Files.size(fetched.file()));
        assertThat(fetched.sha256())
                .isEqualTo(HexFormat.of()
                        .formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(fetched.file()))));
        assertThat(validated.rows()).isEqualTo(expectedRows());
        assertThat(validated.firstOpen()).isEqualTo(expectedFirstOpen());
        assertThat(validated.gaps()).isZero();
    }

    @Test
    void aFetchThatWasNotStoredIsFetchedAgainWholeSoARetryStoresTheSame() {
        SourceDefinition source = source(SIMULATOR.baseUrl().toString());
        CollectTask task = task("ETHUSDT", partition());

        Fetched first = fetch(task, source);
        Fetched again = fetch(task, source);

        assertThat(validator().validate(again, task, source).rows())
                .as("nothing is remembered of a fetch never stored")
                .isEqualTo(validator().validate(first, task, source).rows())
                .isEqualTo(expectedRows());
        if (sameBytesOnRetry()) {
            assertThat(again.sha256()).isEqualTo(first.sha256());
        }
    }

    @Test
    void aSymbolWithoutDataIsNoDataAndLeavesNoSpoolFile() throws IOException {
        SourceDefinition source = source(SIMULATOR.baseUrl().toString());

        assertThatThrownBy(() -> fetch(task(absentSymbol(), partition()), source))
                .isInstanceOfSatisfying(
                        SourceFailure.class,
                        f -> assertThat(f.noData()).as(f.getMessage()).isTrue());
        assertSpoolEmpty();
    }

    @Test
    void anUnreachableSourceIsRetryable() throws IOException {
        SourceDefinition nowhere = source("http://127.0.0.1:1");

        assertThatThrownBy(() -> fetch(task("BTCUSDT", partition()), nowhere))
                .isInstanceOfSatisfying(SourceFailure.class, f -> {
                    assertThat(f.errorClass()).isEqualTo("SourceUnreachable");
                    assertThat(f.retryable()).isTrue();
                });
        assertSpoolEmpty();
    }

    @Test
    void aPartitionOfAnotherKindIsAnInvalidTask() {
        SourceDefinition source = source(SIMULATOR.baseUrl().toString());

        assertThatThrownBy(() -> fetch(task("BTCUSDT", foreignPartition()), source))
                .isInstanceOfSatisfying(SourceFailure.class, f -> {
                    assertThat(f.errorClass()).isEqualTo("InvalidTask");
                    assertThat(f.retryable()).isFalse();
                });
    }

    protected void assertSpoolEmpty() throws IOException {
        if (Files.exists(spool)) {
            try (Stream<Path> files = Files.list(spool)) {
                assertThat(files).isEmpty();
            }
        }
    }
}
