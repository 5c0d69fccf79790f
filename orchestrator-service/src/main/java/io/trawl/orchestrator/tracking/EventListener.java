package io.trawl.orchestrator.tracking;

import io.micrometer.core.instrument.MeterRegistry;
import io.trawl.infra.TolerantReading;
import io.trawl.infra.amqp.MessageSigner;
import io.trawl.infra.amqp.Quarantine;
import io.trawl.infra.amqp.Republish;
import io.trawl.infra.storage.StorageException;
import io.trawl.messages.DeadLetterHeaders;
import io.trawl.messages.ErrorClass;
import io.trawl.messages.TaskEvent;
import io.trawl.messages.TaskEventData;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.amqp.AmqpRejectAndDontRequeueException;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.rabbit.annotation.RabbitListener;
import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Component;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.json.JsonMapper;

/**
 * Consumes worker events and applies them to the job store. An event not signed by a Trawl key, one that cannot be
 * decoded, and a {@code completed} event whose object is not in the store as described are dead-lettered, never
 * applied. One that cannot be applied yet (Redis or the object store unreachable) is returned to the queue after
 * a second and applied later.
 */
@Component
public class EventListener {

    private static final Logger log = LoggerFactory.getLogger(EventListener.class);

    private final JobStore jobs;
    private final JobEvents applier;
    private final ServiceTimes serviceTimes;

    private final MessageSigner signer;
    private final MeterRegistry meters;
    private final ResultCheck results;
    private final Quarantine quarantine;
    private final ObjectReader events;

    /** Error class of a {@code completed} event whose object the store does not hold as described. */
    static final String UNVERIFIED_RESULT = ErrorClass.UNVERIFIED_RESULT;

    private static final java.time.Duration UNAVAILABLE_PAUSE = java.time.Duration.ofSeconds(1);

    public EventListener(
            JsonMapper json,
            JobStore jobs,
            JobEvents applier,
            ServiceTimes serviceTimes,
            MessageSigner signer,
            MeterRegistry meters,
            ResultCheck results,
            Quarantine quarantine) {
        this.quarantine = quarantine;
        this.events = TolerantReading.of(json, TaskEvent.class);
        this.results = results;
        this.signer = signer;
        this.meters = meters;
        this.jobs = jobs;
        this.applier = applier;
        this.serviceTimes = serviceTimes;
    }

    @RabbitListener(
            queues = "#{new io.trawl.messages.Topology('${trawl.namespace:trawl}').orchestratorEventsQueue()}",
            concurrency = "${trawl.orchestrator.event-consumers:4}")
    public void onEvent(Message message) {
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
            return;
        }
        TaskEvent event;
        try {
            event = events.readValue(message.getBody());
        } catch (RuntimeException e) {
            log.warn(
                    "Undecodable event {} dead-lettered: {}",
                    message.getMessageProperties().getMessageId(),
                    Republish.excerpt(e.getMessage()));
            throw new AmqpRejectAndDontRequeueException("undecodable event: " + Republish.excerpt(e.getMessage()), e);
        }
        try {
            apply(message, event);
        } catch (StorageException | DataAccessException e) {
            // the object store or Redis is away: back to the queue, after a pause rather than at once
            log.warn(
                    "{} of Task(id={}) not applied yet ({}); returned to the queue",
                    event.type(),
                    event.subject(),
                    Republish.excerpt(e.getMessage()));
            try {
                Thread.sleep(UNAVAILABLE_PAUSE.toMillis());
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
            }
            throw e;
        }
    }

    private void apply(Message message, TaskEvent event) {
        if (event.data() instanceof TaskEventData.Completed completed
                && results.doubt(completed).orElse(null) instanceof String doubt) {
            meters.counter("trawl.messages.rejected", "kind", "event", "reason", "unverified-result")
                    .increment();
            log.error(
                    "Completed event of Task(id={}, job={}) not believed, not applied: {}",
                    event.subject(),
                    event.jobid(),
                    doubt);
            quarantine.deadLetter(message, UNVERIFIED_RESULT, "completed event not believed: " + doubt);
            return;
        }
        MDC.put("jobId", event.jobid());
        MDC.put("taskId", event.subject());
        try {
            EventOutcome outcome = applier.apply(event);
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
                case APPLIED -> {}
            }
        } finally {
            MDC.remove("jobId");
            MDC.remove("taskId");
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
