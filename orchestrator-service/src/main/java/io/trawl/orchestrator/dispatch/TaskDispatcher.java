package io.trawl.orchestrator.dispatch;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.trawl.infra.TrawlProperties;
import io.trawl.infra.amqp.ConfirmedPublisher;
import io.trawl.messages.MessageTypes;
import io.trawl.messages.Priority;
import io.trawl.messages.TaskBundle;
import io.trawl.messages.TaskMessage;
import io.trawl.messages.Topology;
import io.trawl.orchestrator.OrchestratorProperties;
import io.trawl.orchestrator.planning.PlannedTask;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageBuilder;
import org.springframework.amqp.core.MessageDeliveryMode;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Publishes a job's tasks to their sources' priority queues as persistent messages, in confirmed batches:
 * when it returns, every task is safely queued. A task goes alone (message id: its deterministic task id), or
 * with others of its source in a bundle ({@link TaskBundle}, up to {@code trawl.orchestrator.dispatch.bundle}):
 * untraced tasks of a source without a rate limit, where a message and its delivery are most of what a small task
 * costs. A traced task goes alone, so its spans stay its own; a source with a rate limit is paced by the source,
 * not by the pipeline, and its tasks go alone so priorities and pauses act between tasks. Counted in
 * {@code trawl.dispatch.messages} by {@code kind} ({@code task}, {@code bundle}).
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
    private final TrawlProperties trawl;
    private final int bundle;
    private final int spread;
    private final Counter aloneSent;
    private final Counter bundlesSent;

    public TaskDispatcher(
            ConfirmedPublisher publisher,
            JsonMapper json,
            TrawlProperties trawl,
            OrchestratorProperties properties,
            MeterRegistry meters,
            Clock clock) {
        this.publisher = publisher;
        this.json = json;
        this.trawl = trawl;
        this.topology = trawl.topology();
        this.bundle = properties.dispatch().bundle();
        this.spread = properties.dispatch().bundleSpread();
        this.aloneSent = meters.counter("trawl.dispatch.messages", "kind", "task");
        this.bundlesSent = meters.counter("trawl.dispatch.messages", "kind", "bundle");
        this.clock = clock;
    }

    /** Publishes every task of {@code tasks}, traced or not as {@code tracing} says. */
    public void dispatch(String jobId, Priority priority, List<PlannedTask> tasks, TaskTracing tracing) {
        for (int from = 0; from < tasks.size(); from += BATCH) {
            List<PlannedTask> part = tasks.subList(from, Math.min(tasks.size(), from + BATCH));
            Instant now = clock.instant();
            List<ConfirmedPublisher.Outgoing> batch = new ArrayList<>(part.size());
            Map<String, List<TaskMessage>> bundles = new LinkedHashMap<>();
            int size = Math.clamp(Math.ceilDiv(part.size(), spread), 1, bundle);
            for (PlannedTask planned : part) {
                String taskId = planned.task().taskId();
                TaskMessage message = TaskMessage.of(taskId, PUBLISHER, now, jobId, planned.task());
                boolean traced = tracing.traced(taskId);
                if (traced || size == 1 || rateLimited(planned.task().source())) {
                    batch.add(alone(message, priority, traced, tracing));
                    continue;
                }
                List<TaskMessage> open = bundles.computeIfAbsent(planned.task().source(), s -> new ArrayList<>(size));
                open.add(message);
                if (open.size() == size) {
                    batch.add(bundled(open, priority, tracing));
                    bundles.remove(planned.task().source());
                }
            }
            bundles.values().forEach(open -> batch.add(bundled(open, priority, tracing)));
            publisher.publishAll(batch);
            long bundled = batch.stream()
                    .filter(out -> MessageTypes.BATCH.equals(
                            out.message().getMessageProperties().getContentType()))
                    .count();
            bundlesSent.increment(bundled);
            aloneSent.increment(batch.size() - bundled);
        }
    }

    private boolean rateLimited(String source) {
        return trawl.source(source).limits().rateLimited();
    }

    private ConfirmedPublisher.Outgoing alone(
            TaskMessage message, Priority priority, boolean traced, TaskTracing tracing) {
        Message amqp = amqp(json.writeValueAsBytes(message), MessageTypes.JSON, message, priority);
        if (!traced) {
            amqp.getMessageProperties().setHeader(TRACEPARENT, tracing.unsampledParent(message.id()));
        }
        return new ConfirmedPublisher.Outgoing(
                topology.tasksExchange(), message.data().source(), amqp, traced);
    }

    /** A bundle of untraced tasks; one alone goes as a task of its own. */
    private ConfirmedPublisher.Outgoing bundled(List<TaskMessage> tasks, Priority priority, TaskTracing tracing) {
        TaskMessage first = tasks.getFirst();
        if (tasks.size() == 1) {
            return alone(first, priority, false, tracing);
        }
        Message amqp = amqp(json.writeValueAsBytes(new TaskBundle(tasks)), MessageTypes.BATCH, first, priority);
        amqp.getMessageProperties().setHeader(TRACEPARENT, tracing.unsampledParent(first.id()));
        return new ConfirmedPublisher.Outgoing(
                topology.tasksExchange(), first.data().source(), amqp, false);
    }

    private static Message amqp(byte[] body, String contentType, TaskMessage first, Priority priority) {
        return MessageBuilder.withBody(body)
                .setContentType(contentType)
                .setMessageId(first.id())
                .setType(first.type())
                .setCorrelationId(first.jobid())
                .setTimestamp(Date.from(first.time()))
                .setPriority(priority.amqpPriority())
                .setDeliveryMode(MessageDeliveryMode.PERSISTENT)
                .build();
    }
}
