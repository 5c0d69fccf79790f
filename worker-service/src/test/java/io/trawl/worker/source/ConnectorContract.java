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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What every connector does, whatever its kind: each kind's test extends this suite with its connector, a source
 * on the simulator and the partitions to ask for. Listed symbol {@code NEWUSDT} starts in March 2024.
 */
public abstract class ConnectorContract {

    protected static final SourceSimulator SIMULATOR = SourceSimulator.start(SimulatorConfig.defaults()
            .withRules(ServerRules.DEFAULT.withListings(Map.of("NEWUSDT", YearMonth.of(2024, 3)))));

    @TempDir
    protected Path spool;

    @AfterAll
    static void stopSimulator() {
        SIMULATOR.close();
    }

    /** The connector under test, spooling to {@code workDir}. */
    protected abstract Connector connector(WorkerProperties properties);

    /** A source of the connector's kind on {@code baseUrl} (the simulator, or nowhere). */
    protected abstract SourceDefinition source(String baseUrl);

    /** The validator of the connector's content. */
    protected abstract Validator validator();

    /** A partition of January 2024 in the kind's own shape. */
    protected abstract Partition january();

    /** Rows January holds for {@code BTCUSDT} at {@link #interval()}. */
    protected abstract long januaryRows();

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
        CollectTask task = task("BTCUSDT", january());

        Fetched fetched = fetch(task, source);
        Validated validated = validator().validate(fetched, task, source);

        assertThat(fetched.contentType()).isEqualTo(validator().contentType());
        assertThat(fetched.extension()).isEqualTo(source.extension());
        assertThat(fetched.bytes()).isEqualTo(Files.size(fetched.file()));
        assertThat(fetched.sha256())
                .isEqualTo(HexFormat.of()
                        .formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(fetched.file()))));
        assertThat(validated.rows()).isEqualTo(januaryRows());
        assertThat(validated.firstOpen()).isEqualTo(january().start());
        assertThat(validated.gaps()).isZero();
    }

    @Test
    void aRetryFetchesTheSameBytesSoTheStoredObjectIsTheSame() {
        SourceDefinition source = source(SIMULATOR.baseUrl().toString());

        String first = fetch(task("ETHUSDT", january()), source).sha256();
        String again = fetch(task("ETHUSDT", january()), source).sha256();

        assertThat(again).isEqualTo(first);
    }

    @Test
    void aPartitionBeforeTheListingIsNoDataAndLeavesNoSpoolFile() throws IOException {
        SourceDefinition source = source(SIMULATOR.baseUrl().toString());

        assertThatThrownBy(() -> fetch(task("NEWUSDT", january()), source))
                .isInstanceOfSatisfying(
                        SourceFailure.class,
                        f -> assertThat(f.noData()).as(f.getMessage()).isTrue());
        assertSpoolEmpty();
    }

    @Test
    void anUnreachableSourceIsRetryable() throws IOException {
        SourceDefinition nowhere = source("http://127.0.0.1:1");

        assertThatThrownBy(() -> fetch(task("BTCUSDT", january()), nowhere))
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
