package io.trawl.infra.amqp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.trawl.messages.CollectTask;
import io.trawl.messages.MessageTypes;
import io.trawl.messages.Partition;
import io.trawl.messages.TaskBundle;
import io.trawl.messages.TaskMessage;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.YearMonth;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class TaskMessagesTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String V1 = """
            {"specversion":"1.0","id":"m-1","source":"/trawl/orchestrator","type":"io.trawl.task.collect.v1",
             "time":"2026-11-23T10:15:30Z","jobid":"job-42","data":{"taskId":"job-42.binance.BTCUSDT.1d.2024-01",
             "source":"binance","dataset":"klines","symbol":"BTCUSDT","interval":"1d","partition":"2024-01",
             "attempt":1}}""";

    private final TaskMessages messages = new TaskMessages(JSON);

    @Test
    void aVersion2BodyReadsTheSameWithOrWithoutItsDeclaredType() {
        TaskMessage sent = TaskMessage.of(
                "m-2",
                "/trawl/orchestrator",
                Instant.parse("2026-11-30T10:15:30.123Z"),
                "job-42",
                new CollectTask(
                        "job-42.binance.BTCUSDT.1d.2024-01",
                        "binance",
                        "klines",
                        "BTCUSDT",
                        "1d",
                        new Partition.Month(YearMonth.of(2024, 1)),
                        1,
                        0));
        byte[] body = JSON.writeValueAsBytes(sent);

        assertThat(messages.read(body, MessageTypes.COLLECT_TASK_V2)).isEqualTo(sent);
        assertThat(messages.read(body, null)).isEqualTo(sent);
    }

    @Test
    void theBodysOwnTypeDecidesWhateverTheDeclaredTypeSays() {
        byte[] v1 = V1.getBytes(StandardCharsets.UTF_8);

        TaskMessage read = messages.read(v1, MessageTypes.COLLECT_TASK_V2);

        assertThat(read.type()).as("upgraded").isEqualTo(MessageTypes.COLLECT_TASK_V2);
        assertThat(read).isEqualTo(messages.read(v1, null));
        assertThat(read.data().partition()).isEqualTo(new Partition.Month(YearMonth.of(2024, 1)));
    }

    @Test
    void aBodyThatIsNoTaskNamesTheProblemWhateverItDeclares() {
        byte[] other =
                V1.replace("io.trawl.task.collect.v1", "io.trawl.task.other.v9").getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> messages.read(other, MessageTypes.COLLECT_TASK_V2))
                .hasMessageContaining("not a task message: type 'io.trawl.task.other.v9'");
        assertThatThrownBy(
                        () -> messages.read("{not json".getBytes(StandardCharsets.UTF_8), MessageTypes.COLLECT_TASK_V2))
                .isInstanceOf(RuntimeException.class);
    }

    @Test
    void aBundleReadsAsItsTasksInOrderAndAnythingElseAsOneTask() {
        TaskMessage january = month(1);
        TaskMessage february = month(2);
        byte[] bundle = JSON.writeValueAsBytes(new TaskBundle(List.of(january, february)));

        assertThat(messages.readAll(bundle, MessageTypes.COLLECT_TASK_V2, MessageTypes.BATCH))
                .containsExactly(january, february);
        assertThat(messages.readAll(JSON.writeValueAsBytes(january), MessageTypes.COLLECT_TASK_V2, MessageTypes.JSON))
                .containsExactly(january);
        assertThatThrownBy(() -> messages.readAll(bundle, MessageTypes.COLLECT_TASK_V2, MessageTypes.JSON))
                .as("an array is no task unless the content type says it is a batch")
                .isInstanceOf(RuntimeException.class);
        byte[] mixed = JSON.writeValueAsBytes(List.of(
                january, TaskMessage.of("m-3", "/trawl/orchestrator", january.time(), "job-43", february.data())));
        assertThatThrownBy(() -> messages.readAll(mixed, MessageTypes.COLLECT_TASK_V2, MessageTypes.BATCH))
                .hasMessageContaining("one job's tasks");
    }

    private static TaskMessage month(int month) {
        Partition partition = new Partition.Month(YearMonth.of(2024, month));
        String id = CollectTask.idFor("job-42", "binance", "BTCUSDT", "1d", partition);
        return TaskMessage.of(
                id,
                "/trawl/orchestrator",
                Instant.parse("2026-11-30T10:15:30Z"),
                "job-42",
                new CollectTask(id, "binance", "klines", "BTCUSDT", "1d", partition, 1, 0));
    }
}
