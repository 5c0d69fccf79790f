package io.trawl.orchestrator.dispatch;

import io.trawl.infra.TrawlProperties;
import io.trawl.infra.amqp.ConfirmedPublisher;
import io.trawl.messages.MessageTypes;
import io.trawl.messages.Priority;
import io.trawl.messages.TaskMessage;
import io.trawl.messages.Topology;
import io.trawl.orchestrator.planning.PlannedTask;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageBuilder;
import org.springframework.amqp.core.MessageDeliveryMode;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Publishes a job's tasks to their sources' priority queues as persistent messages, in confirmed batches:
 * when it returns, every task is safely queued. The message id is the deterministic task id.
 */
@Component
public class TaskDispatcher {

    private static final int BATCH = 500;
    private static final String PUBLISHER = "/trawl/orchestrator";
    private static final String TRACEPARENT = "traceparent";

    private final ConfirmedPublisher publisher;
    private final JsonMapper json;
    private final Topology topology;
    private final Clock clock;

    public TaskDispatcher(ConfirmedPublisher publisher, JsonMapper json, TrawlProperties trawl, Clock clock) {
        this.publisher = publisher;
        this.json = json;
        this.topology = trawl.topology();
        this.clock = clock;
    }

    /** Publishes every task of {@code tasks}, traced or not as {@code tracing} says. */
    public void dispatch(String jobId, Priority priority, List<PlannedTask> tasks, TaskTracing tracing) {
        for (int from = 0; from < tasks.size(); from += BATCH) {
            List<ConfirmedPublisher.Outgoing> batch = new ArrayList<>(BATCH);
            Instant now = clock.instant();
            for (PlannedTask planned : tasks.subList(from, Math.min(tasks.size(), from + BATCH))) {
                String taskId = planned.task().taskId();
                TaskMessage message = TaskMessage.of(taskId, PUBLISHER, now, jobId, planned.task());
                boolean traced = tracing.traced(taskId);
                Message amqp = amqp(message, priority);
                if (!traced) {
                    amqp.getMessageProperties().setHeader(TRACEPARENT, tracing.unsampledParent(taskId));
                }
                batch.add(new ConfirmedPublisher.Outgoing(
                        topology.tasksExchange(), planned.task().source(), amqp, traced));
            }
            publisher.publishAll(batch);
        }
    }

    private Message amqp(TaskMessage message, Priority priority) {
        return MessageBuilder.withBody(json.writeValueAsBytes(message))
                .setContentType(MessageTypes.JSON)
                .setMessageId(message.id())
                .setType(message.type())
                .setCorrelationId(message.jobid())
                .setTimestamp(Date.from(message.time()))
                .setPriority(priority.amqpPriority())
                .setDeliveryMode(MessageDeliveryMode.PERSISTENT)
                .build();
    }
}
