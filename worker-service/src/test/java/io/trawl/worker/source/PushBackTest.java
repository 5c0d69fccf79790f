package io.trawl.worker.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.trawl.messages.CollectTask;
import io.trawl.messages.Partition;
import io.trawl.simulator.ServerRules;
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
        final List<ServerUsage> reports = new ArrayList<>();
        final List<Permit> open = new ArrayList<>();
        int permits;
        boolean pushedBackOnAClosedPermit;

        @Override
        public Permit acquire(String source) {
            permits++;
            Permit permit = new Permit() {
                @Override
                public void close() {
                    open.remove(this);
                }
            };
            open.add(permit);
            return permit;
        }

        @Override
        public void pushedBack(String source, PushBack pushBack, Permit answered) {
            pushedBackOnAClosedPermit |= !open.contains(answered);
            pushBacks.add(source + " " + pushBack.kind() + " " + pushBack.status() + " " + pushBack.retryAfter());
        }

        @Override
        public void reported(String source, List<ServerUsage> usage) {
            reports.addAll(usage);
        }
    }

    private Fetched fetch(SourceSimulator simulator, RequestGate gate) {
        WorkerProperties properties = new WorkerProperties(
                "w",
                1,
                1,
                0,
                Duration.ofMillis(1),
                Duration.ofSeconds(2),
                Duration.ofSeconds(5),
                Duration.ZERO,
                Duration.ZERO,
                Duration.ofSeconds(1),
                spool,
                Duration.ofMinutes(2),
                WorkerProperties.DEFAULT_USER_AGENT);
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
                null,
                null,
                null,
                null);
        CollectTask task = new CollectTask(
                "t", "binance", "klines", "BTCUSDT", "1d", new Partition.Month(YearMonth.of(2024, 1)), 1, 0);
        return archiveConnector(properties, gate)
                .fetch(task, source, new FetchContext((bytes, total) -> {}, (key, value) -> {}));
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
        assertThat(gate.pushBacks).containsExactly("binance THROTTLED 429 PT1S");
        assertThat(gate.pushedBackOnAClosedPermit)
                .as("the pause is recorded while the refused request still holds its permit")
                .isFalse();
        assertThat(gate.open).as("every permit closed").isEmpty();
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
        assertThat(gate.pushBacks).containsExactly("binance UNAVAILABLE 503 null");
    }

    @Test
    void aBanIsAPauseOfTheSourceNeverATaskFailureAndTheUsedWeightIsReported() {
        RecordingGate gate = new RecordingGate();
        try (SourceSimulator simulator = SourceSimulator.start(SimulatorConfig.defaults()
                .withRateLimits(Map.of("binance", 1))
                .withRules(ServerRules.DEFAULT
                        .withBans(1, Duration.ofSeconds(5), Duration.ofSeconds(90))
                        .withMinuteWeight("binance", 1200, 2)))) {
            for (int i = 0; i < 2; i++) {
                assertThatThrownBy(() -> fetch(simulator, gate)).isInstanceOf(SourceFailure.class);
            }

            assertThatThrownBy(() -> fetch(simulator, gate)).isInstanceOfSatisfying(SourceFailure.class, f -> {
                assertThat(f.errorClass()).isEqualTo("Banned");
                assertThat(f.throttled()).isTrue();
                assertThat(f.getMessage()).contains("418", "banned until");
            });
        }
        assertThat(gate.pushBacks.getLast()).isEqualTo("binance BANNED 418 PT1M30S");
        assertThat(gate.reports).isNotEmpty().allSatisfy(u -> assertThat(u.span())
                .isEqualTo(Duration.ofMinutes(1)));
        assertThat(gate.reports.getFirst())
                .extracting(ServerUsage::kind, ServerUsage::value)
                .containsExactly(ServerUsage.Kind.USED, 2L);
    }

    @Test
    void readsBansFromBodiesAndUsageFromEveryKnownHeader() {
        var none = java.net.http.HttpHeaders.of(Map.of(), (a, b) -> true);
        assertThat(SourceAnswers.pushBack(403, none, "{\"msg\":\"IP banned until 4102444800000\"}"))
                .hasValueSatisfying(p -> {
                    assertThat(p.kind()).isEqualTo(PushBack.Kind.BANNED);
                    assertThat(p.retryAfter()).as("capped at 3 days").isEqualTo(Duration.ofDays(3));
                });
        assertThat(SourceAnswers.pushBack(403, none, "forbidden")).isEmpty();
        assertThat(SourceAnswers.pushBack(418, none, "")).hasValueSatisfying(p -> assertThat(p.retryAfter())
                .as("no length given: the configured ban pause applies")
                .isNull());

        assertThat(SourceAnswers.usage(headers("RateLimit", "\"default\";r=7;t=30")))
                .containsExactly(ServerUsage.remaining(7, Duration.ofSeconds(30)));
        assertThat(SourceAnswers.usage(headers("X-RateLimit-Remaining", "3", "X-RateLimit-Reset", "12")))
                .containsExactly(ServerUsage.remaining(3, Duration.ofSeconds(12)));
        assertThat(SourceAnswers.usage(headers("x-mbx-used-weight-1m", "1200")))
                .containsExactly(ServerUsage.used(1200, Duration.ofMinutes(1)));
        assertThat(SourceAnswers.usage(headers(
                        "RateLimit",
                        "\"burst\";r=40;t=5",
                        "RateLimit-Policy",
                        "\"burst\";q=100;w=60, \"day\";q=1000;w=86400")))
                .as("IETF RateLimit-Policy (draft 8 on): a quota per window of w seconds, every policy")
                .containsExactly(
                        ServerUsage.remaining(40, Duration.ofSeconds(5)),
                        ServerUsage.quota(100, Duration.ofMinutes(1)),
                        ServerUsage.quota(1000, Duration.ofDays(1)));
        assertThat(SourceAnswers.quotas("10;w=1, 1000;w=3600;burst=1000"))
                .as("earlier drafts: the item's leading number")
                .containsExactly(
                        ServerUsage.quota(10, Duration.ofSeconds(1)), ServerUsage.quota(1000, Duration.ofHours(1)));
        assertThat(SourceAnswers.quotas("\"default\";w=60;q=50;qu=\"requests\""))
                .containsExactly(ServerUsage.quota(50, Duration.ofMinutes(1)));
        assertThat(SourceAnswers.quotas("\"default\";q=100, 5;w=0, 7;w=999999, garbage;w=x, ;;"))
                .as("a quota without a window, or with a window of none or more than a day, says nothing")
                .isEmpty();
    }

    private static java.net.http.HttpHeaders headers(String... pairs) {
        Map<String, List<String>> map = new java.util.HashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put(pairs[i], List.of(pairs[i + 1]));
        }
        return java.net.http.HttpHeaders.of(map, (a, b) -> true);
    }

    @Test
    void retryAfterAcceptsSecondsAndHttpDatesAndIgnoresGarbage() {
        assertThat(RetryAfter.parse("7")).isEqualTo(Duration.ofSeconds(7));
        assertThat(RetryAfter.parse("Wed, 21 Oct 2015 07:28:00 GMT")).isEqualTo(Duration.ZERO);
        assertThat(RetryAfter.parse(java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME.format(
                        java.time.ZonedDateTime.now(java.time.ZoneOffset.UTC).plusSeconds(20))))
                .isBetween(Duration.ofSeconds(18), Duration.ofSeconds(20));
        assertThat(RetryAfter.parse("99999")).isEqualTo(Duration.ofMinutes(10));
        assertThat(RetryAfter.parse("soon")).isNull();
    }

    private static HttpArchiveConnector archiveConnector(WorkerProperties properties, RequestGate gate) {
        return new HttpArchiveConnector(properties, new SourceHttp(properties, gate, 1));
    }
}
