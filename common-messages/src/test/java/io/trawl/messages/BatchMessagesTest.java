package io.trawl.messages;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** Batches of envelopes (CloudEvents JSON batch format): task bundles and event batches, and what they refuse. */
class BatchMessagesTest {

    private static final Instant TIME = Instant.parse("2026-11-23T10:15:30Z");

    private final ObjectMapper mapper = JsonMapper.builder().build();

    @Test
    void aBundleIsAJsonArrayOfWholeVersion2TasksAndRoundTrips() throws IOException {
        TaskBundle read = mapper.readValue(golden("v2/collect-bundle.json"), TaskBundle.class);

        assertThat(read.tasks()).extracting(t -> t.data().partition().token()).containsExactly("2024-01", "2024-02");
        assertThat(read.jobId()).isEqualTo("job-42");
        assertThat(read.source()).isEqualTo("binance");
        assertThat(mapper.readTree(mapper.writeValueAsString(read)))
                .isEqualTo(mapper.readTree(golden("v2/collect-bundle.json")));
    }

    @Test
    void anEventBatchIsAJsonArrayOfWholeEventsAndRoundTrips() throws IOException {
        EventBatch read = mapper.readValue(golden("v1/task-event-batch.json"), EventBatch.class);

        assertThat(read.events())
                .extracting(TaskEvent::type)
                .containsExactly(MessageTypes.TASK_COMPLETED_V1, MessageTypes.TASK_NO_DATA_V1);
        assertThat(((TaskEventData.Completed) read.events().getFirst().data()).etag())
                .isEqualTo("d41d8cd98f00b204e9800998ecf8427e");
        assertThat(mapper.readTree(mapper.writeValueAsString(read)))
                .isEqualTo(mapper.readTree(golden("v1/task-event-batch.json")));
    }

    @Test
    void theEntityTagIsAnAdditiveFieldOfCompletedWrittenOnlyWhenKnown() throws IOException {
        TaskEvent older = mapper.readValue(golden("v1/task-completed.json"), TaskEvent.class);

        assertThat(((TaskEventData.Completed) older.data()).etag()).isNull();
        assertThat(mapper.writeValueAsString(older)).doesNotContain("etag");
    }

    @Test
    void aBundleRefusesTasksOfAnotherJobOrSourceTwiceTheSameTaskAndSizesOutOfBounds() {
        assertThatThrownBy(() -> new TaskBundle(
                        List.of(task("job-42", "binance", "2024-01"), task("job-43", "binance", "2024-02"))))
                .hasMessageContaining("one job's tasks");
        assertThatThrownBy(() -> new TaskBundle(
                        List.of(task("job-42", "binance", "2024-01"), task("job-42", "bybit", "2024-02"))))
                .hasMessageContaining("one source's tasks");
        assertThatThrownBy(() -> new TaskBundle(
                        List.of(task("job-42", "binance", "2024-01"), task("job-42", "binance", "2024-01"))))
                .hasMessageContaining("twice in one bundle");
        assertThatThrownBy(() -> new TaskBundle(List.of())).hasMessageContaining("1 to 64 tasks, not 0");
        List<TaskMessage> many = IntStream.range(0, 65)
                .mapToObj(i -> task(
                        "job-42", "binance", YearMonth.of(2020, 1).plusMonths(i).toString()))
                .toList();
        assertThatThrownBy(() -> new TaskBundle(many)).hasMessageContaining("not 65");
        assertThat(new TaskBundle(many.subList(0, 64)).tasks()).hasSize(64);
    }

    @Test
    void aBundleHoldsVersion2TasksOnlyAndNamesWhatItRefusedWhenRead() throws IOException {
        ArrayNode tree = (ArrayNode) mapper.readTree(golden("v2/collect-bundle.json"));
        ((ObjectNode) tree.get(1)).put("type", "io.trawl.task.collect.v1");

        assertThatThrownBy(() -> mapper.treeToValue(tree, TaskBundle.class))
                .hasMessageContaining("collect.v2 tasks only, not 'io.trawl.task.collect.v1'");

        JsonNode badSymbol = mapper.readTree(golden("v2/collect-bundle.json"));
        ((ObjectNode) badSymbol.get(0).get("data")).put("symbol", "../../etc");
        assertThatThrownBy(() -> mapper.treeToValue(badSymbol, TaskBundle.class))
                .hasMessageContaining("symbol must match");

        assertThatThrownBy(() -> mapper.readValue(golden("v2/collect-task.json"), TaskBundle.class))
                .isInstanceOf(RuntimeException.class);
    }

    @Test
    void anEventBatchRefusesEventsOfAnotherJobOrSourceAndRepeatedIds() {
        TaskEvent first = event("e-1", "job-42", "binance");
        assertThatThrownBy(() -> new EventBatch(List.of(first, event("e-2", "job-43", "binance"))))
                .hasMessageContaining("one job's events");
        assertThatThrownBy(() -> new EventBatch(List.of(first, event("e-2", "job-42", "bybit"))))
                .hasMessageContaining("one source's events");
        assertThatThrownBy(() -> new EventBatch(List.of(first, event("e-1", "job-42", "binance"))))
                .hasMessageContaining("twice in one batch");
        List<TaskEvent> many = new ArrayList<>();
        for (int i = 0; i < 65; i++) {
            many.add(event("e-" + i, "job-42", "binance"));
        }
        assertThatThrownBy(() -> new EventBatch(many)).hasMessageContaining("1 to 64 events, not 65");
    }

    private static TaskMessage task(String jobId, String source, String month) {
        Partition partition = new Partition.Month(YearMonth.parse(month));
        String id = CollectTask.idFor(jobId, source, "BTCUSDT", "1d", partition);
        return TaskMessage.of(
                id,
                "/trawl/orchestrator",
                TIME,
                jobId,
                new CollectTask(id, source, "klines", "BTCUSDT", "1d", partition, 1, 0));
    }

    private static TaskEvent event(String id, String jobId, String source) {
        return TaskEvent.of(
                id, "/trawl/worker/w-1", TIME, jobId, source, new TaskEventData.Started(jobId + ".t", "w-1", 1));
    }

    private static String golden(String path) {
        try (InputStream in = BatchMessagesTest.class.getResourceAsStream("/golden/" + path)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
