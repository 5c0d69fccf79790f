package io.trawl.orchestrator.tracking;

import com.rabbitmq.client.Channel;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import io.trawl.infra.TolerantReading;
import io.trawl.infra.amqp.MessageSigner;
import io.trawl.infra.amqp.Quarantine;
import io.trawl.infra.amqp.Republish;
import io.trawl.infra.storage.StorageException;
import io.trawl.messages.DeadLetterHeaders;
import io.trawl.messages.ErrorClass;
import io.trawl.messages.EventBatch;
import io.trawl.messages.MessageTypes;
import io.trawl.messages.TaskEvent;
import io.trawl.messages.TaskEventData;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageBuilder;
import org.springframework.amqp.rabbit.annotation.RabbitListener;
import org.springframework.amqp.rabbit.support.micrometer.RabbitListenerObservation;
import org.springframework.amqp.rabbit.support.micrometer.RabbitMessageReceiverContext;
import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Component;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.json.JsonMapper;

/**
 * Consumes worker events in batches ({@code trawl.orchestrator.event-batch}) and applies them to the job store;
 * a message may itself carry several ({@link EventBatch}, from a bundle of tasks), each applied, believed or
 * dead-lettered on its own, the message acknowledged once all of them are.
 * An event not signed by a Trawl key and a {@code completed} event whose object is not in the store as described
 * are dead-lettered with the reason, one that cannot be decoded is rejected to the dead-letter exchange; none is
 * applied. One whose script Redis answers with an error is dead-lettered with that error. The rest of a batch is applied in one Redis round trip (one script per event), except an event of a
 * sampled trace, which is applied on its own inside a consumer span continuing its task's trace. When Redis or the
 * object store is unreachable, the events not yet applied go back to the queue after a second, and are applied
 * later (applying is idempotent).
 */
@Component
public class EventListener {

    private static final Logger log = LoggerFactory.getLogger(EventListener.class);

    /** Error class of a {@code completed} event whose object the store does not hold as described. */
    static final String UNVERIFIED_RESULT = ErrorClass.UNVERIFIED_RESULT;

    private static final Duration UNAVAILABLE_PAUSE = Duration.ofSeconds(1);
    private static final String LISTENER_ID = "trawl-events";

    private final JobStore jobs;
    private final JobEvents applier;
    private final ServiceTimes serviceTimes;
    private final MessageSigner signer;
    private final MeterRegistry meters;
    private final ObservationRegistry observations;
    private final ResultCheck results;
    private final Quarantine quarantine;
    private final ObjectReader events;
    private final ObjectReader batches;
    private final JsonMapper json;

    /** A decoded, signed event and the message it came in, alone or in a batch of events. */
    private record Received(Message delivery, TaskEvent event, boolean batched) {}

    public EventListener(
            JsonMapper json,
            JobStore jobs,
            JobEvents applier,
            ServiceTimes serviceTimes,
            MessageSigner signer,
            MeterRegistry meters,
            ObservationRegistry observations,
            ResultCheck results,
            Quarantine quarantine) {
        this.quarantine = quarantine;
        this.events = TolerantReading.of(json, TaskEvent.class);
        this.batches = TolerantReading.of(json, EventBatch.class);
        this.json = json;
        this.results = results;
        this.signer = signer;
        this.meters = meters;
        this.observations = observations;
        this.jobs = jobs;
        this.applier = applier;
        this.serviceTimes = serviceTimes;
    }

    @RabbitListener(
            id = LISTENER_ID,
            queues = "#{new io.trawl.messages.Topology('${trawl.namespace:trawl}').orchestratorEventsQueue()}",
            concurrency = "${trawl.orchestrator.event-consumers:4}",
            containerFactory = EventBatches.FACTORY,
            ackMode = "MANUAL")
    public void onEvents(List<Message> messages, Channel channel) throws IOException {
        List<Received> batch = new ArrayList<>(messages.size());
        Settlement settlement = new Settlement(channel, messages);
        try {
            for (Message message : messages) {
                List<Received> received = admit(message, channel);
                settlement.admitted(message, received.size());
                if (received.isEmpty()) {
                    continue;
                }
                if (sampled(message)) {
                    // a traced task's event keeps its consumer span, as every event had before batches
                    RabbitListenerObservation.LISTENER_OBSERVATION
                            .observation(
                                    null,
                                    RabbitListenerObservation.DefaultRabbitListenerObservationConvention.INSTANCE,
                                    () -> new RabbitMessageReceiverContext(message, LISTENER_ID),
                                    observations)
                            .observe(() -> applyAll(received, settlement));
                } else {
                    batch.addAll(received);
                }
            }
            applyAll(batch, settlement);
        } catch (StorageException | DataAccessException e) {
            // the object store or Redis is away: back to the queue, after a pause rather than at once
            log.warn(
                    "{} event messages not applied yet ({}); returned to the queue",
                    settlement.unsettled().size(),
                    Republish.excerpt(e.getMessage()));
            pause();
            requeue(channel, settlement.unsettled());
        } catch (RuntimeException e) {
            log.error(
                    "{} event messages not applied; returned to the queue",
                    settlement.unsettled().size(),
                    e);
            requeue(channel, settlement.unsettled());
        }
    }

    /**
     * The events of a signed, decodable message (several when it is an {@link EventBatch}); none when the message
     * was dead-lettered instead (not signed by a Trawl key) or rejected to the dead-letter exchange (undecodable),
     * which also settles it.
     */
    private List<Received> admit(Message message, Channel channel) throws IOException {
        MessageSigner.Verdict verdict = signer.verify(message);
        if (verdict != MessageSigner.Verdict.VALID) {
            meters.counter("trawl.messages.rejected", "kind", "event", "reason", verdict.tag())
                    .increment();
            log.warn(
                    "Event {} dead-lettered: not signed by a Trawl key ({}); not applied",
                    message.getMessageProperties().getMessageId(),
                    verdict.tag());
            quarantine.deadLetter(
                    message,
                    DeadLetterHeaders.FORGED,
                    "event not signed by a Trawl key (" + verdict.tag() + "): never applied");
            ack(channel, message);
            return List.of();
        }
        try {
            if (MessageTypes.BATCH.equals(message.getMessageProperties().getContentType())) {
                EventBatch read = batches.readValue(message.getBody());
                return read.events().stream()
                        .map(event -> new Received(message, event, true))
                        .toList();
            }
            return List.of(new Received(message, events.readValue(message.getBody()), false));
        } catch (RuntimeException e) {
            log.warn(
                    "Undecodable event {} dead-lettered: {}",
                    message.getMessageProperties().getMessageId(),
                    Republish.excerpt(e.getMessage()));
            channel.basicReject(message.getMessageProperties().getDeliveryTag(), false);
            return List.of();
        }
    }

    /** A batch's event as if it had come alone: its own body, type and id, the batch's headers. */
    private Message alone(Message batch, TaskEvent event) {
        return MessageBuilder.withBody(json.writeValueAsBytes(event))
                .copyProperties(batch.getMessageProperties())
                .setContentType(MessageTypes.JSON)
                .setType(event.type())
                .setMessageId(event.id())
                .build();
    }

    /**
     * Checks the results the events claim, dead-letters those not believed, applies the rest in one round trip and
     * settles them all: a message is acknowledged once every event it carried is.
     */
    private void applyAll(List<Received> batch, Settlement settlement) {
        if (batch.isEmpty()) {
            return;
        }
        Map<TaskEventData.Completed, String> doubts = results.doubts(batch.stream()
                .map(Received::event)
                .map(TaskEvent::data)
                .filter(TaskEventData.Completed.class::isInstance)
                .map(TaskEventData.Completed.class::cast)
                .toList());
        List<Received> believed = new ArrayList<>(batch.size());
        for (Received received : batch) {
            if (received.event().data() instanceof TaskEventData.Completed completed
                    && doubts.get(completed) instanceof String doubt) {
                reject(received, "unverified-result", UNVERIFIED_RESULT, "completed event not believed: " + doubt);
                settlement.settled(received.delivery());
            } else {
                believed.add(received);
            }
        }
        List<EventOutcome> outcomes =
                applier.applyAll(believed.stream().map(Received::event).toList());
        for (int i = 0; i < believed.size(); i++) {
            Received received = believed.get(i);
            boolean refused = outcomes.get(i).kind() == EventOutcome.Kind.REFUSED;
            if (refused) {
                // Redis would refuse it again: an operator looks at it, it is not returned to the queue for ever
                reject(
                        received,
                        "refused",
                        DeadLetterHeaders.POISON,
                        "event refused by Redis: "
                                + Republish.excerpt(outcomes.get(i).state()));
            }
            settlement.settled(received.delivery());
            if (!refused) {
                followUp(received, outcomes.get(i));
            }
        }
    }

    /**
     * Which deliveries still wait for their events to be settled: one is acknowledged when the last event it carried
     * is (a batch carries several), and what is left goes back to the queue if applying stops half way.
     */
    private static final class Settlement {
        private final Channel channel;
        /** Each delivery not settled yet, with how many of its events are left (-1 before it is admitted). */
        private final Map<Message, Integer> open = new IdentityHashMap<>();

        Settlement(Channel channel, List<Message> deliveries) {
            this.channel = channel;
            for (Message delivery : deliveries) {
                open.put(delivery, -1);
            }
        }

        /** {@code delivery} carries {@code events} events to apply; none: admitting it settled it already. */
        void admitted(Message delivery, int events) {
            if (events == 0) {
                open.remove(delivery);
            } else {
                open.put(delivery, events);
            }
        }

        /** One event of {@code delivery} is settled; the last one acknowledges the delivery. */
        void settled(Message delivery) {
            Integer left = open.get(delivery);
            if (left == null) {
                return;
            }
            if (left <= 1) {
                open.remove(delivery);
                ack(channel, delivery);
            } else {
                open.put(delivery, left - 1);
            }
        }

        List<Message> unsettled() {
            return new ArrayList<>(open.keySet());
        }
    }

    /** Dead-letters an event that is not applied, with {@code why}: counted, and logged as an ERROR. */
    private void reject(Received received, String reason, String errorClass, String why) {
        meters.counter("trawl.messages.rejected", "kind", "event", "reason", reason)
                .increment();
        log.error(
                "{} event of Task(id={}, job={}) not applied, dead-lettered: {}",
                received.event().type(),
                received.event().subject(),
                received.event().jobid(),
                why);
        // a dead letter holds the event alone, as if it had come alone (built only here: copying is not cheap)
        quarantine.deadLetter(
                received.batched() ? alone(received.delivery(), received.event()) : received.delivery(),
                errorClass,
                why);
    }

    private void followUp(Received received, EventOutcome outcome) {
        TaskEvent event = received.event();
        MDC.put("jobId", event.jobid());
        MDC.put("taskId", event.subject());
        // an unsampled event has no span here, but its lines still name its task's trace
        boolean traceNamed = MDC.get("traceId") == null
                && received.delivery().getMessageProperties().getHeader("traceparent") instanceof String traceparent
                && traceparent.length() >= 35;
        if (traceNamed) {
            MDC.put(
                    "traceId",
                    ((String) received.delivery().getMessageProperties().getHeader("traceparent")).substring(3, 35));
        }
        try {
            if (event.data() instanceof TaskEventData.Completed completed) {
                serviceTimes.record(event.sourceid(), completed);
            }
            switch (outcome.kind()) {
                case FINISHED -> jobs.find(event.jobid()).ifPresent(this::logSummary);
                case PAUSED ->
                    log.warn(
                            "Job(id={}) paused: too many failures ({} tasks failed); resume it with PUT"
                                    + " /collections/{}/resume",
                            event.jobid(),
                            outcome.state(),
                            event.jobid());
                case IGNORED ->
                    log.debug("Ignored {} for Task(id={}) in state {}", event.type(), event.subject(), outcome.state());
                case UNKNOWN ->
                    log.warn("Event {} for unknown Task(id={}, job={})", event.type(), event.subject(), event.jobid());
                case APPLIED, REFUSED -> {}
            }
        } finally {
            MDC.remove("jobId");
            MDC.remove("taskId");
            if (traceNamed) {
                MDC.remove("traceId");
            }
        }
    }

    /** Whether the message carries a trace context whose trace is sampled (W3C {@code traceparent}, flag 01). */
    static boolean sampled(Message message) {
        Object traceparent = message.getMessageProperties().getHeader("traceparent");
        if (!(traceparent instanceof String header) || header.length() < 55) {
            return false;
        }
        int flags = Character.digit(header.charAt(header.length() - 1), 16);
        return flags >= 0 && (flags & 1) == 1;
    }

    private static void ack(Channel channel, Message message) {
        try {
            channel.basicAck(message.getMessageProperties().getDeliveryTag(), false);
        } catch (IOException e) {
            // the channel is gone: the broker redelivers what was not acknowledged, and applying is idempotent
            throw new UncheckedIOException("cannot acknowledge an event", e);
        }
    }

    private static void requeue(Channel channel, List<Message> messages) throws IOException {
        for (Message message : messages) {
            channel.basicNack(message.getMessageProperties().getDeliveryTag(), false, true);
        }
    }

    private static void pause() {
        try {
            Thread.sleep(UNAVAILABLE_PAUSE.toMillis());
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private void logSummary(JobView job) {
        log.info(
                "Job(id={}) {}: {} of {} tasks succeeded, {} failed, {} cancelled",
                job.id(),
                job.state(),
                job.succeeded(),
                job.total(),
                job.failed(),
                job.cancelled());
        job.sources().forEach(s -> log.info("Job(id={}) {}", job.id(), s.summary()));
        log.info("Job(id={}) {}", job.id(), job.summary());
    }
}
