package io.trawl.worker.events;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.TraceContext;
import io.micrometer.tracing.Tracer;
import io.trawl.infra.TrawlProperties;
import io.trawl.infra.amqp.ConfirmedPublisher;
import io.trawl.messages.EventBatch;
import io.trawl.messages.MessageTypes;
import io.trawl.messages.TaskEvent;
import io.trawl.messages.TaskEventData;
import io.trawl.messages.Topology;
import io.trawl.worker.WorkerProperties;
import java.time.Clock;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageBuilder;
import org.springframework.amqp.core.MessageBuilderSupport;
import org.springframework.amqp.core.MessageDeliveryMode;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Publishes task events to the event exchange and returns once the broker confirmed them. An event of a task whose
 * trace is sampled is published under an observation (a producer span in that trace); one of an unsampled task (most
 * of a large job) skips the observation nobody would see and carries its trace in an unsampled W3C
 * {@code traceparent} itself, so the orchestrator's lines about it still name the trace.
 */
@Component
public class EventPublisher {

    private final ConfirmedPublisher publisher;
    private final JsonMapper json;
    private final Topology topology;
    private final String publisherId;
    private final Clock clock;
    private final Tracer tracer;

    public EventPublisher(
            ConfirmedPublisher publisher,
            JsonMapper json,
            TrawlProperties trawl,
            WorkerProperties worker,
            Clock clock,
            Tracer tracer) {
        this.publisher = publisher;
        this.tracer = tracer;
        this.json = json;
        this.topology = trawl.topology();
        this.publisherId = "/trawl/worker/" + worker.id();
        this.clock = clock;
    }

    /** Publishes {@code data} about a task of {@code jobId} from {@code sourceId}. */
    public void publish(String jobId, String sourceId, TaskEventData data) {
        TaskEvent event = event(jobId, sourceId, data);
        publish(
                json.writeValueAsBytes(event),
                MessageTypes.JSON,
                event.type(),
                event,
                Topology.eventRoutingKey(data.kind(), sourceId));
    }

    /**
     * Publishes the events about several tasks of {@code jobId} from {@code sourceId} in one message (an {@link
     * EventBatch}, at most {@link MessageTypes#MAX_BATCH}); one alone goes as {@link #publish} sends it.
     */
    public void publishAll(String jobId, String sourceId, List<TaskEventData> data) {
        if (data.size() == 1) {
            publish(jobId, sourceId, data.getFirst());
            return;
        }
        EventBatch batch =
                new EventBatch(data.stream().map(d -> event(jobId, sourceId, d)).toList());
        publish(
                json.writeValueAsBytes(batch),
                MessageTypes.BATCH,
                MessageTypes.TASK_EVENT_BATCH_V1,
                batch.events().getFirst(),
                Topology.eventBatchRoutingKey(sourceId));
    }

    private TaskEvent event(String jobId, String sourceId, TaskEventData data) {
        return TaskEvent.of(UUID.randomUUID().toString(), publisherId, clock.instant(), jobId, sourceId, data);
    }

    private void publish(byte[] body, String contentType, String type, TaskEvent first, String routingKey) {
        Span current = tracer.currentSpan();
        TraceContext trace = current == null ? null : current.context();
        boolean traced = trace == null || !Boolean.FALSE.equals(trace.sampled());
        MessageBuilderSupport<Message> message = MessageBuilder.withBody(body)
                .setContentType(contentType)
                .setMessageId(first.id())
                .setType(type)
                .setCorrelationId(first.jobid())
                .setTimestamp(Date.from(first.time()))
                .setDeliveryMode(MessageDeliveryMode.PERSISTENT);
        if (!traced) {
            message.setHeader("traceparent", "00-" + trace.traceId() + "-" + trace.spanId() + "-00");
        }
        publisher.publishAll(List.of(
                new ConfirmedPublisher.Outgoing(topology.eventsExchange(), routingKey, message.build(), traced)));
    }
}
