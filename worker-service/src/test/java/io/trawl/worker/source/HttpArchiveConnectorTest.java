package io.trawl.worker.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.trawl.messages.CollectTask;
import io.trawl.messages.Partition;
import io.trawl.simulator.ArchiveGenerator;
import io.trawl.simulator.SimulatorConfig;
import io.trawl.simulator.SourceSimulator;
import io.trawl.sources.SourceDefinition;
import io.trawl.sources.SourceType;
import io.trawl.worker.TestWorkers;
import io.trawl.worker.WorkerProperties;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.YearMonth;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The connector against the simulator over real HTTP (no broker or storage involved). */
class HttpArchiveConnectorTest {

    private static final SourceSimulator SIMULATOR =
            SourceSimulator.start(SimulatorConfig.defaults().withCorruptSymbols(Set.of("BADUSDT")));

    @TempDir
    Path spool;

    @AfterAll
    static void stop() {
        SIMULATOR.close();
    }

    private HttpArchiveConnector connector() {
        return archiveConnector(TestWorkers.spoolingTo(spool, Duration.ofSeconds(5)), RequestGate.OPEN);
    }

    private static SourceDefinition source() {
        return new SourceDefinition(
                SourceType.HTTP_ARCHIVE,
                "klines",
                List.of("1d", "1h"),
                SIMULATOR.baseUrl() + "/binance/data/spot/monthly/klines/{SYMBOL}/{interval}/"
                        + "{SYMBOL}-{interval}-{YYYY}-{MM}.zip",
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
                "t-" + symbol, "binance", "klines", symbol, "1h", new Partition.Month(YearMonth.of(2024, 2)), 1, 0);
    }

    @Test
    void downloadsVerifiesAndCountsRowsReportingProgress() throws Exception {
        AtomicLong reported = new AtomicLong();

        Fetched archive = connector()
                .fetch(
                        task("BTCUSDT"),
                        source(),
                        new FetchContext((bytes, total) -> reported.set(bytes), (key, value) -> {}));

        byte[] expected = ArchiveGenerator.archive("binance", "BTCUSDT", "1h", YearMonth.of(2024, 2));
        assertThat(Files.readAllBytes(archive.file())).isEqualTo(expected);
        assertThat(archive.sha256()).isEqualTo(ArchiveGenerator.sha256(expected));
        assertThat(archive.contentType()).isEqualTo("application/zip");
        assertThat(new ArchiveValidator()
                        .validate(archive, task("BTCUSDT"), source())
                        .rows())
                .isEqualTo(29 * 24);
        assertThat(reported.get()).isEqualTo(expected.length);
    }

    @Test
    void reportsTheChecksumItFetchedAndSkipsTheSidecarWhenTheTaskCarriesIt() {
        Map<String, String> fetched = new HashMap<>();
        connector().fetch(task("BTCUSDT"), source(), new FetchContext((bytes, total) -> {}, fetched::put));
        String sha =
                ArchiveGenerator.sha256(ArchiveGenerator.archive("binance", "BTCUSDT", "1h", YearMonth.of(2024, 2)));
        assertThat(fetched).containsEntry("checksum", sha).containsEntry("checksumAttempt", "1");

        // BADUSDT's sidecar lies; a retry that carries the true checksum never reads it
        String badSha =
                ArchiveGenerator.sha256(ArchiveGenerator.archive("binance", "BADUSDT", "1h", YearMonth.of(2024, 2)));
        CollectTask retry = task("BADUSDT").nextAttempt(Map.of("checksum", badSha, "checksumAttempt", "1"));
        Map<String, String> notFetched = new HashMap<>();

        Fetched archive = connector().fetch(retry, source(), new FetchContext((bytes, total) -> {}, notFetched::put));

        assertThat(archive.sha256()).isEqualTo(badSha);
        assertThat(notFetched).isEmpty();
        assertThat(connector().requestAttempt(retry))
                .as("the archive request's second try")
                .isEqualTo(2);

        // the same attempt resumed after a push-back or a pause: the sidecar it read is not read again
        CollectTask resumed = task("BADUSDT").resuming(Map.of("checksum", badSha, "checksumAttempt", "1"));
        assertThat(connector()
                        .fetch(resumed, source(), new FetchContext((bytes, total) -> {}, notFetched::put))
                        .sha256())
                .isEqualTo(badSha);
        assertThat(notFetched).isEmpty();
        assertThat(connector().requestAttempt(resumed)).isEqualTo(1);
    }

    @Test
    void checksumMismatchIsPermanentAndLeavesNoSpoolFile() throws Exception {
        assertThatThrownBy(() -> connector()
                        .fetch(task("BADUSDT"), source(), new FetchContext((bytes, total) -> {}, (key, value) -> {})))
                .isInstanceOfSatisfying(SourceFailure.class, f -> {
                    assertThat(f.errorClass()).isEqualTo("ChecksumMismatch");
                    assertThat(f.retryable()).isFalse();
                });
        try (var files = Files.list(spool)) {
            assertThat(files).isEmpty();
        }
    }

    @Test
    void aLargeArchiveHasItsRowsCheckedAsItArrivesAndTheValidatorTakesThatCheck() {
        SIMULATOR.serveLargeArchive(
                "LARGEUSDT", "1h", YearMonth.of(2024, 2), HttpArchiveConnector.CHECK_AS_IT_ARRIVES_FROM + 1024);
        CollectTask large = task("LARGEUSDT");

        Fetched archive =
                connector().fetch(large, source(), new FetchContext((bytes, total) -> {}, (key, value) -> {}));

        assertThat(archive.bytes()).isGreaterThan(HttpArchiveConnector.CHECK_AS_IT_ARRIVES_FROM);
        assertThat(archive.precheck()).as("checked as it arrived").isNotNull();
        Validated checked = archive.precheck().confirm(archive);
        assertThat(checked).as("the archive's directory confirms the check").isNotNull();
        assertThat(checked).isEqualTo(ArchiveInspector.validate(archive, large));
        assertThat(checked.rows()).isGreaterThan(100_000);
        archive.deleteFiles();
    }

    @Test
    void aSmallArchiveIsCheckedFromItsFileAlone() {
        Fetched archive = connector()
                .fetch(task("ETHUSDT"), source(), new FetchContext((bytes, total) -> {}, (key, value) -> {}));

        assertThat(archive.precheck()).isNull();
        archive.deleteFiles();
    }

    @Test
    void unreachableSourceIsRetryable() {
        SourceDefinition nowhere = new SourceDefinition(
                SourceType.HTTP_ARCHIVE,
                "klines",
                List.of("1h"),
                "http://127.0.0.1:1/{SYMBOL}-{interval}-{YYYY}-{MM}.zip",
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null);

        assertThatThrownBy(() -> connector()
                        .fetch(task("BTCUSDT"), nowhere, new FetchContext((bytes, total) -> {}, (key, value) -> {})))
                .isInstanceOfSatisfying(SourceFailure.class, f -> {
                    assertThat(f.errorClass()).isEqualTo("SourceUnreachable");
                    assertThat(f.retryable()).isTrue();
                });
    }

    private static HttpArchiveConnector archiveConnector(WorkerProperties properties, RequestGate gate) {
        return new HttpArchiveConnector(properties, new SourceHttp(properties, gate, 1));
    }
}
