package io.trawl.worker.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.trawl.messages.CollectTask;
import io.trawl.simulator.SimulatorConfig;
import io.trawl.simulator.SourceSimulator;
import io.trawl.sources.SourceDefinition;
import io.trawl.sources.SourceLimits;
import io.trawl.sources.SourceType;
import io.trawl.worker.WorkerProperties;
import java.nio.file.Path;
import java.time.Duration;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A source that pushes back (429/503) is reported to the gate, and the failure is a throttle, not a defect. */
class PushBackTest {

    @TempDir
    Path spool;

    /** Records what the connector tells the gate. */
    private static final class RecordingGate implements RequestGate {
        final List<String> pushBacks = new ArrayList<>();
        int permits;

        @Override
        public Permit acquire(String source) {
            permits++;
            return Permit.NONE;
        }

        @Override
        public void pushedBack(String source, int status, Duration retryAfter) {
            pushBacks.add(source + " " + status + " " + retryAfter);
        }
    }

    private FetchedArchive fetch(SourceSimulator simulator, RequestGate gate) {
        WorkerProperties properties = new WorkerProperties(
                "w",
                1,
                1,
                0,
                Duration.ofMillis(1),
                Duration.ofSeconds(2),
                Duration.ofSeconds(5),
                Duration.ZERO,
                Duration.ofSeconds(1),
                spool);
        SourceDefinition source = new SourceDefinition(
                SourceType.HTTP_ARCHIVE,
                "klines",
                List.of("1d"),
                simulator.baseUrl() + "/binance/{SYMBOL}/{interval}/{SYMBOL}-{interval}-{YYYY}-{MM}.zip",
                null,
                null,
                SourceLimits.NONE,
                null,
                null,
                null);
        CollectTask task = new CollectTask("t", "binance", "klines", "BTCUSDT", "1d", YearMonth.of(2024, 1), 1, 0);
        return new HttpArchiveConnector(properties, gate).fetch(task, source, (bytes, total) -> {}, checksum -> {});
    }

    @Test
    void tooManyRequestsWithRetryAfterPausesTheSourceAndIsAThrottle() {
        RecordingGate gate = new RecordingGate();
        try (SourceSimulator simulator =
                SourceSimulator.start(SimulatorConfig.defaults().withRateLimits(Map.of("binance", 1)))) {

            assertThatThrownBy(() -> fetch(simulator, gate)).isInstanceOfSatisfying(SourceFailure.class, f -> {
                assertThat(f.errorClass()).isEqualTo("RateLimited");
                assertThat(f.throttled()).isTrue();
                assertThat(f.retryable()).isTrue();
            });
        }
        assertThat(gate.permits).as("sidecar, then archive").isEqualTo(2);
        assertThat(gate.pushBacks).containsExactly("binance 429 PT1S");
    }

    @Test
    void serviceUnavailableWithoutRetryAfterIsAThrottleToo() {
        RecordingGate gate = new RecordingGate();
        try (SourceSimulator simulator =
                SourceSimulator.start(SimulatorConfig.defaults().withErrorRate(1.0))) {

            assertThatThrownBy(() -> fetch(simulator, gate))
                    .isInstanceOfSatisfying(
                            SourceFailure.class, f -> assertThat(f.throttled()).isTrue());
        }
        assertThat(gate.pushBacks).containsExactly("binance 503 null");
    }

    @Test
    void retryAfterAcceptsSecondsAndHttpDatesAndIgnoresGarbage() {
        assertThat(RetryAfter.parse("7")).isEqualTo(Duration.ofSeconds(7));
        assertThat(RetryAfter.parse("Wed, 21 Oct 2015 07:28:00 GMT")).isEqualTo(Duration.ZERO);
        assertThat(RetryAfter.parse("99999")).isEqualTo(Duration.ofMinutes(10));
        assertThat(RetryAfter.parse("soon")).isNull();
    }
}
