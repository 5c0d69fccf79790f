package io.trawl.worker.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.trawl.infra.TrawlProperties;
import io.trawl.messages.CollectTask;
import io.trawl.messages.Partition;
import io.trawl.simulator.ArchiveGenerator;
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
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The file connector against the simulator's dataset files (ETag, Content-MD5, x-amz-checksum-sha256). */
class HttpFileConnectorIT {

    private static final String NAMESPACE = TestInfrastructure.namespace(HttpFileConnectorIT.class);
    private static final SourceSimulator SIMULATOR =
            SourceSimulator.start(SimulatorConfig.defaults().withCorruptSymbols(Set.of("BADFILE")));

    @RegisterExtension
    static final TestRedis REDIS = TestRedis.connect(NAMESPACE);

    @TempDir
    Path spool;

    @AfterAll
    static void stop() {
        SIMULATOR.close();
    }

    private final SourceMemory memory =
            new SourceMemory(REDIS.template(), new TrawlProperties(NAMESPACE, Map.of()), Clock.systemUTC());

    private HttpFileConnector connector() {
        WorkerProperties properties = TestWorkers.spoolingTo(spool, Duration.ofSeconds(10));
        return new HttpFileConnector(new SourceHttp(properties, RequestGate.OPEN, 1), properties, memory);
    }

    private static SourceDefinition datasets() {
        return new SourceDefinition(
                SourceType.HTTP_FILE,
                "datasets",
                null,
                SIMULATOR.baseUrl() + "/datasets/files/{SYMBOL}.csv",
                null,
                "csv",
                null,
                null,
                null,
                null,
                null,
                null,
                null);
    }

    private static SourceDefinition listed() {
        return new SourceDefinition(
                SourceType.HTTP_FILE,
                "datasets",
                null,
                SIMULATOR.baseUrl() + "/datasets/files/{SYMBOL}.csv",
                null,
                "csv",
                null,
                null,
                null,
                null,
                null,
                null,
                SIMULATOR.baseUrl() + "/datasets/files/SHA256SUMS");
    }

    @Test
    void aFileIsCheckedAgainstTheManifestThatListsItAndOneItDoesNotListIsRefused() {
        Fetched listedFile = connector().fetch(task("GLOBEX"), listed(), context());

        assertThat(listedFile.bytes()).isPositive();
        assertThatThrownBy(() -> connector().fetch(task("UNLISTED"), listed(), context()))
                .isInstanceOfSatisfying(SourceFailure.class, f -> {
                    assertThat(f.errorClass()).isEqualTo("BadChecksumSidecar");
                    assertThat(f.retryable()).isFalse();
                    assertThat(f.getMessage()).contains("SHA256SUMS").contains("no sha256 listed for UNLISTED.csv");
                });
        assertThatThrownBy(() -> connector().fetch(task("BADFILE"), listed(), context()))
                .isInstanceOfSatisfying(
                        SourceFailure.class, f -> assertThat(f.errorClass()).isEqualTo("ChecksumMismatch"));
    }

    private static CollectTask task(String symbol) {
        return new CollectTask(
                "t-" + symbol,
                "datasets",
                "datasets",
                symbol,
                "1d",
                new Partition.Snapshot(Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS)),
                1,
                0);
    }

    private static FetchContext context() {
        return new FetchContext((bytes, total) -> {}, (k, v) -> {});
    }

    @Test
    void aFileIsStoredVerifiedThenNotAgainWhileItIsUnchanged() throws IOException {
        HttpFileConnector connector = connector();
        byte[] expected = (String.join("\n", ArchiveGenerator.rowsOf("datasets", "PRICES", "1h", YearMonth.of(2024, 1)))
                        + "\n")
                .getBytes(StandardCharsets.US_ASCII);

        Fetched first = connector.fetch(task("PRICES"), datasets(), context());
        byte[] stored = Files.readAllBytes(first.file());
        connector.stored(task("PRICES"), datasets(), first);

        assertThat(stored).isEqualTo(expected);
        assertThat(first.sha256()).isEqualTo(ArchiveGenerator.sha256(expected));
        assertThat(first.extension()).isEqualTo("csv");
        assertThat(new FileValidator()
                        .validate(first, task("PRICES"), datasets())
                        .fetched())
                .isEqualTo(first);
        assertThatThrownBy(() -> connector.fetch(task("PRICES"), datasets(), context()))
                .as("its ETag sent back: 304")
                .isInstanceOfSatisfying(
                        SourceFailure.class, f -> assertThat(f.getMessage()).contains("304 Not Modified"));
        REDIS.template()
                .opsForHash()
                .delete(
                        new TrawlProperties(NAMESPACE, Map.of())
                                .topology()
                                .redis()
                                .memory("datasets", "PRICES"),
                        "etag");
        assertThatThrownBy(() -> connector.fetch(task("PRICES"), datasets(), context()))
                .as("no ETag, same bytes: not stored again")
                .isInstanceOfSatisfying(SourceFailure.class, f -> {
                    assertThat(f.noData()).isTrue();
                    assertThat(f.getMessage()).contains("sha256 unchanged");
                });
        assertSpoolHoldsOnly(first.file());
    }

    @Test
    void aFileNotMatchingItsPublishedChecksumIsPermanentAndLeavesNothing() throws IOException {
        assertThatThrownBy(() -> connector().fetch(task("BADFILE"), datasets(), context()))
                .isInstanceOfSatisfying(SourceFailure.class, f -> {
                    assertThat(f.errorClass()).isEqualTo("ChecksumMismatch");
                    assertThat(f.retryable()).isFalse();
                    assertThat(f.getMessage()).contains("Content-MD5");
                });
        assertSpoolHoldsOnly(null);
    }

    private void assertSpoolHoldsOnly(Path kept) throws IOException {
        try (Stream<Path> files = Files.list(spool)) {
            assertThat(files.filter(f -> !f.equals(kept))).isEmpty();
        }
    }
}
