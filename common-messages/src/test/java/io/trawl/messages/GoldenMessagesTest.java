package io.trawl.messages;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Wire formats: each golden file reads into the expected record and writes back unchanged; version 1 tasks (queued
 * before an upgrade) read as the version 2 task they mean.
 */
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

    static Stream<Arguments> goldenTasks() {
        Instant time = Instant.parse("2026-11-23T10:15:30Z");
        return Stream.of(
                Arguments.of(
                        "collect-task.json",
                        TaskMessage.of(
                                "7d1f3c2e-0b7a-4f0e-9a51-1c6f0e2b9a10",
                                "/trawl/orchestrator",
                                time,
                                "job-42",
                                new CollectTask(TASK_ID, "binance", "klines", "BTCUSDT", "1d", MONTH, 1, 0))),
                Arguments.of("collect-task-day-retry.json", dayRetry()),
                Arguments.of(
                        "collect-task-window.json",
                        TaskMessage.of(
                                "7d1f3c2e-0b7a-4f0e-9a51-1c6f0e2b9a12",
                                "/trawl/orchestrator",
                                time,
                                "job-42",
                                new CollectTask(
                                        "job-42.binance-rest.BTCUSDT.1h.20261101T000000Z_20261123T100000Z",
                                        "binance-rest",
                                        "klines",
                                        "BTCUSDT",
                                        "1h",
                                        new Partition.Window(
                                                Instant.parse("2026-11-01T00:00:00Z"),
                                                Instant.parse("2026-11-23T10:00:00Z")),
                                        1,
                                        0))),
                Arguments.of(
                        "collect-task-snapshot.json",
                        TaskMessage.of(
                                "7d1f3c2e-0b7a-4f0e-9a51-1c6f0e2b9a13",
                                "/trawl/orchestrator",
                                time,
                                "job-42",
                                new CollectTask(
                                        "job-42.news.FEED.1d.20261123T101500Z",
                                        "news",
                                        "items",
                                        "FEED",
                                        "1d",
                                        new Partition.Snapshot(Instant.parse("2026-11-23T10:15:00Z")),
                                        1,
                                        0))));
    }

    private static final Partition MONTH = new Partition.Month(YearMonth.of(2024, 1));

    private static TaskMessage dayRetry() {
        Partition day = new Partition.Day(LocalDate.of(2026, 11, 21));
        CollectTask first = new CollectTask(
                        CollectTask.idFor("job-42", "binance", "BTCUSDT", "1d", day),
                        "binance",
                        "klines",
                        "BTCUSDT",
                        "1d",
                        day,
                        1,
                        4)
                .withTimeoutMillis(45_000);
        Map<String, String> learned = new LinkedHashMap<>();
        learned.put(CollectTaskV1.CHECKSUM, "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08");
        learned.put(CollectTaskV1.CHECKSUM_ATTEMPT, "2");
        CollectTask third = first.nextAttempt(Map.of()).nextAttempt(learned);
        return TaskMessage.of(
                "7d1f3c2e-0b7a-4f0e-9a51-1c6f0e2b9a11",
                "/trawl/orchestrator",
                Instant.parse("2026-11-23T10:15:30Z"),
                "job-42",
                third);
    }

    @ParameterizedTest
    @MethodSource("goldenTasks")
    void taskGoldenFilesOfVersion2RoundTrip(String file, TaskMessage expected) throws IOException {
        TaskMessage read = mapper.readValue(golden("v2", file), TaskMessage.class);

        assertThat(read).isEqualTo(expected);
        assertThat(mapper.readTree(mapper.writeValueAsString(read))).isEqualTo(mapper.readTree(golden("v2", file)));
    }

    @Test
    void aVersion1TaskQueuedBeforeTheUpgradeReadsAsTheVersion2TaskItMeans() throws IOException {
        TaskMessage month = mapper.readValue(golden("collect-task.json"), TaskMessageV1.class)
                .upgrade();
        TaskMessage retry = mapper.readValue(golden("collect-task-retry.json"), TaskMessageV1.class)
                .upgrade();

        assertThat(month.data()).isEqualTo(new CollectTask(TASK_ID, "binance", "klines", "BTCUSDT", "1d", MONTH, 1, 0));
        assertThat(month.type()).isEqualTo(MessageTypes.COLLECT_TASK_V2);
        assertThat(retry).isEqualTo(dayRetry());
        assertThat(retry.data().firstAttempt().resume())
                .as("a replayed task starts afresh")
                .isEmpty();
    }

    @Test
    void resumeStateKeepsWhatAnEarlierAttemptLearned() {
        CollectTask task = new CollectTask(TASK_ID, "binance", "klines", "BTCUSDT", "1d", MONTH, 1, 0);

        CollectTask second = task.nextAttempt(Map.of("checksum", "a"));
        CollectTask third = second.nextAttempt(Map.of("checksum", "b", "cursor", "7"));

        assertThat(third.resume()).containsEntry("checksum", "a").containsEntry("cursor", "7");
        assertThat(third.attempt()).isEqualTo(3);
    }

    @Test
    void partitionsAreBoundedAndWellFormed() {
        Instant from = Instant.parse("2024-01-01T00:00:00Z");
        assertThatThrownBy(() -> new Partition.Window(from, from)).hasMessageContaining("must be after from");
        assertThatThrownBy(() -> new Partition.Window(from.plusMillis(5), from.plusSeconds(60)))
                .hasMessageContaining("whole seconds");
        assertThatThrownBy(() -> new Partition.Month(YearMonth.of(-999_999_999, 1)))
                .hasMessageContaining("1970..2100");
        assertThat(Partition.parse("2024-13")).isEmpty();
        assertThat(Partition.parse("../../etc/pwd")).isEmpty();
        assertThatThrownBy(() -> new CollectTask(
                        TASK_ID, "binance", "klines", "BTCUSDT", "1d", MONTH, 1, 0, 0L, Map.of("../x", "1")))
                .hasMessageContaining("resume key must match");
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
        ObjectNode tree = (ObjectNode) mapper.readTree(golden("v2", "collect-task.json"));
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
        JsonNode tree = mapper.readTree(golden("v2", "collect-task.json"));
        ((ObjectNode) tree.get("data")).put("symbol", "../../etc");

        assertThatThrownBy(() -> mapper.treeToValue(tree, TaskMessage.class)).hasMessageContaining("symbol must match");
    }

    private static String golden(String file) {
        return golden("v1", file);
    }

    private static String golden(String version, String file) {
        try (InputStream in = GoldenMessagesTest.class.getResourceAsStream("/golden/" + version + "/" + file)) {
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
