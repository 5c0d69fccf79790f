package io.trawl.messages;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.time.YearMonth;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** Version 1 wire format: each golden file reads into the expected record and writes back unchanged. */
class GoldenMessagesTest {

    private static final String TASK_ID = "job-42.binance.BTCUSDT.1d.2024-01";
    private static final Instant EVENT_TIME = Instant.parse("2026-11-23T10:15:31Z");

    private final ObjectMapper mapper = JsonMapper.builder().build();

    static Stream<Arguments> goldenEvents() {
        return Stream.of(
                Arguments.of("task-started.json", new TaskEventData.Started(TASK_ID, "w-1", 1)),
                Arguments.of("task-progress.json", new TaskEventData.Progress(TASK_ID, 65536, 131072)),
                Arguments.of(
                        "task-completed.json",
                        new TaskEventData.Completed(
                                TASK_ID,
                                "w-1",
                                "binance/klines-1d/BTCUSDT/2024-01.zip",
                                "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
                                2048,
                                31,
                                120)),
                Arguments.of(
                        "task-failed.json",
                        new TaskEventData.Failed(
                                TASK_ID,
                                "w-1",
                                "ChecksumMismatch",
                                "sha256 of the archive does not match its .CHECKSUM sidecar",
                                false,
                                1)),
                Arguments.of(
                        "task-no-data.json",
                        new TaskEventData.NoData(
                                TASK_ID,
                                "w-1",
                                "BTCUSDT",
                                "2024-01",
                                "GET .../BTCUSDT-1d-2024-01.zip answered 404",
                                35)));
    }

    @ParameterizedTest
    @MethodSource("goldenEvents")
    void eventGoldenFilesRoundTrip(String file, TaskEventData expectedData) throws IOException {
        String kind = expectedData.kind().wireName();
        TaskEvent expected =
                TaskEvent.of("e-" + kind, "/trawl/worker/w-1", EVENT_TIME, "job-42", "binance", expectedData);

        TaskEvent read = mapper.readValue(golden(file), TaskEvent.class);

        assertThat(read).isEqualTo(expected);
        assertThat(read.type()).isEqualTo("io.trawl.task." + kind + ".v1");
        assertThat(mapper.readTree(mapper.writeValueAsString(read))).isEqualTo(mapper.readTree(golden(file)));
    }

    @Test
    void aRetryOfADayTaskCarriesTheAdditiveFieldsAndRoundTrips() throws IOException {
        CollectTask first = new CollectTask(
                        "job-42.binance.BTCUSDT.1d.2026-11-21",
                        "binance",
                        "klines",
                        "BTCUSDT",
                        "1d",
                        YearMonth.of(2026, 11),
                        1,
                        4)
                .withTimeoutMillis(45_000)
                .forDay(21);
        CollectTask third =
                first.nextAttempt(null).nextAttempt("9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08");
        TaskMessage expected = TaskMessage.of(
                "7d1f3c2e-0b7a-4f0e-9a51-1c6f0e2b9a11",
                "/trawl/orchestrator",
                Instant.parse("2026-11-23T10:15:30Z"),
                "job-42",
                third);

        TaskMessage read = mapper.readValue(golden("collect-task-retry.json"), TaskMessage.class);

        assertThat(read).isEqualTo(expected);
        assertThat(read.data().requestAttempt())
                .as("second try of the archive request")
                .isEqualTo(2);
        assertThat(read.data().firstAttempt().attempt()).isEqualTo(1);
        assertThat(read.data().firstAttempt().checksum()).isNull();
        assertThat(mapper.readTree(mapper.writeValueAsString(read)))
                .isEqualTo(mapper.readTree(golden("collect-task-retry.json")));
    }

    @Test
    void taskGoldenFileRoundTrips() throws IOException {
        TaskMessage expected = TaskMessage.of(
                "7d1f3c2e-0b7a-4f0e-9a51-1c6f0e2b9a10",
                "/trawl/orchestrator",
                Instant.parse("2026-11-23T10:15:30Z"),
                "job-42",
                new CollectTask(TASK_ID, "binance", "klines", "BTCUSDT", "1d", YearMonth.of(2024, 1), 1, 0));

        TaskMessage read = mapper.readValue(golden("collect-task.json"), TaskMessage.class);

        assertThat(read).isEqualTo(expected);
        assertThat(mapper.readTree(mapper.writeValueAsString(read)))
                .isEqualTo(mapper.readTree(golden("collect-task.json")));
    }

    @Test
    void readersIgnoreFieldsAddedLaterInTheSameVersion() throws IOException {
        ObjectNode tree = (ObjectNode) mapper.readTree(golden("task-completed.json"));
        tree.put("traceflags", "01");
        ((ObjectNode) tree.get("data")).put("contentEncoding", "zip");

        TaskEvent read = mapper.treeToValue(tree, TaskEvent.class);

        assertThat(read.data()).isInstanceOf(TaskEventData.Completed.class);
    }

    @Test
    void jobConcurrencyIsAnAdditiveFieldWrittenOnlyWhenSet() throws IOException {
        ObjectNode tree = (ObjectNode) mapper.readTree(golden("collect-task.json"));
        TaskMessage withoutField = mapper.treeToValue(tree, TaskMessage.class);
        ((ObjectNode) tree.get("data")).put("jobConcurrency", 1);
        TaskMessage sequential = mapper.treeToValue(tree, TaskMessage.class);

        assertThat(withoutField.data().jobConcurrency()).isZero();
        assertThat(sequential.data().jobConcurrency()).isEqualTo(1);
        assertThat(mapper.writeValueAsString(sequential)).contains("\"jobConcurrency\":1");
        assertThat(mapper.writeValueAsString(withoutField)).doesNotContain("jobConcurrency");
    }

    @Test
    void unknownEventTypeIsRejectedNamingTheType() throws IOException {
        ObjectNode tree = (ObjectNode) mapper.readTree(golden("task-started.json"));
        tree.put("type", "io.trawl.task.exploded.v1");

        assertThatThrownBy(() -> mapper.treeToValue(tree, TaskEvent.class))
                .hasMessageContaining("io.trawl.task.exploded.v1");
    }

    @Test
    void invalidTaskIsRejectedNamingTheField() {
        JsonNode tree = mapper.readTree(golden("collect-task.json"));
        ((ObjectNode) tree.get("data")).put("symbol", "../../etc");

        assertThatThrownBy(() -> mapper.treeToValue(tree, TaskMessage.class)).hasMessageContaining("symbol must match");
    }

    private static String golden(String file) {
        try (InputStream in = GoldenMessagesTest.class.getResourceAsStream("/golden/v1/" + file)) {
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
