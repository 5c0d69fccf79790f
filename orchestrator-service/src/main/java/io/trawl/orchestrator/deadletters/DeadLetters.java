package io.trawl.orchestrator.deadletters;

import io.trawl.infra.TrawlProperties;
import io.trawl.infra.amqp.ConfirmedPublisher;
import io.trawl.infra.amqp.MessageSigner;
import io.trawl.infra.amqp.Republish;
import io.trawl.infra.amqp.TaskMessages;
import io.trawl.messages.DeadLetterHeaders;
import io.trawl.messages.TaskMessage;
import io.trawl.messages.Topology;
import io.trawl.orchestrator.control.QueueDrain;
import io.trawl.orchestrator.control.QueueDrain.Verdict;
import io.trawl.orchestrator.tracking.JobSwitches;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageBuilder;
import org.springframework.amqp.core.MessageDeliveryMode;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * The dead-letter queue, read and replayed. A replayed task goes back to its source's queue as a fresh first
 * attempt (same task id and object key, so a result already stored is simply rewritten) and its job counts it
 * as queued again. Poison messages are never replayed: they would fail the same way.
 */
@Component
public class DeadLetters {

    private static final Logger log = LoggerFactory.getLogger(DeadLetters.class);

    /** Most dead letters one summary reads. */
    static final long SUMMARY_SCAN = 100_000;

    private final QueueDrain drain;
    private final ConfirmedPublisher publisher;
    private final JobSwitches switches;
    private final JsonMapper json;
    private final TaskMessages messages;
    private final Topology topology;

    private final MessageSigner signer;
    private final DeadLetterLock lock;

    public DeadLetters(
            QueueDrain drain,
            ConfirmedPublisher publisher,
            JobSwitches switches,
            JsonMapper json,
            TrawlProperties trawl,
            MessageSigner signer,
            DeadLetterLock lock) {
        this.signer = signer;
        this.lock = lock;
        this.drain = drain;
        this.publisher = publisher;
        this.switches = switches;
        this.json = json;
        this.messages = new TaskMessages(json);
        this.topology = trawl.topology();
    }

    /** Counts by error class, source and job (reads the queue and leaves it as it was). */
    public DeadLetterSummary summary() {
        return lock.holding(this::read);
    }

    private DeadLetterSummary read() {
        Map<String, Long> byError = new TreeMap<>();
        Map<String, Long> bySource = new TreeMap<>();
        Map<String, Long> byJob = new TreeMap<>();
        QueueDrain.Result result = drain.drain(topology.deadLetterQueue(), SUMMARY_SCAN, message -> {
            byError.merge(header(message, DeadLetterHeaders.ERROR_CLASS), 1L, Long::sum);
            bySource.merge(header(message, DeadLetterHeaders.SOURCE), 1L, Long::sum);
            byJob.merge(header(message, DeadLetterHeaders.JOB_ID), 1L, Long::sum);
            return Verdict.KEEP;
        });
        return new DeadLetterSummary(result.kept(), byError, bySource, byJob);
    }

    /** Replays the dead letters matching every field the request gives. */
    public ReplayReport replay(ReplayRequest request) {
        return lock.holding(() -> replayHeld(request));
    }

    private ReplayReport replayHeld(ReplayRequest request) {
        long limit = request.limit() == null ? Long.MAX_VALUE : request.limit();
        AtomicLong replayed = new AtomicLong();
        AtomicLong skipped = new AtomicLong();
        QueueDrain.Result result = drain.drain(topology.deadLetterQueue(), Long.MAX_VALUE, message -> {
            if (replayed.get() >= limit || !matches(request, message)) {
                return Verdict.KEEP;
            }
            if (signer.verify(message) != MessageSigner.Verdict.VALID) {
                skipped.incrementAndGet();
                return Verdict.KEEP;
            }
            TaskMessage task;
            try {
                task = messages.read(message.getBody());
            } catch (RuntimeException e) {
                skipped.incrementAndGet();
                return Verdict.KEEP;
            }
            if (!switches.revive(task.jobid(), task.data().source(), task.data().taskId())) {
                skipped.incrementAndGet();
                return Verdict.KEEP;
            }
            publisher.publish(topology.tasksExchange(), task.data().source(), firstAttempt(message, task));
            replayed.incrementAndGet();
            return Verdict.TAKE;
        });
        log.info(
                "Replayed {} dead letter(s) matching {}; {} skipped, {} left in {}",
                replayed.get(),
                request,
                skipped.get(),
                result.kept(),
                topology.deadLetterQueue());
        return new ReplayReport(replayed.get(), skipped.get(), result.kept());
    }

    private static boolean matches(ReplayRequest request, Message message) {
        String errorClass = header(message, DeadLetterHeaders.ERROR_CLASS);
        return !DeadLetterHeaders.POISON.equals(errorClass)
                && !DeadLetterHeaders.FORGED.equals(errorClass)
                && (request.jobId() == null || request.jobId().equals(header(message, DeadLetterHeaders.JOB_ID)))
                && (request.source() == null || request.source().equals(header(message, DeadLetterHeaders.SOURCE)))
                && (request.errorClass() == null || request.errorClass().equals(errorClass));
    }

    private Message firstAttempt(Message dead, TaskMessage task) {
        TaskMessage fresh = task.with(task.data().firstAttempt());
        Message message = MessageBuilder.withBody(json.writeValueAsBytes(fresh))
                .copyProperties(dead.getMessageProperties())
                .setType(fresh.type())
                .setDeliveryMode(MessageDeliveryMode.PERSISTENT)
                .build();
        Map<String, Object> headers = message.getMessageProperties().getHeaders();
        headers.keySet().removeIf(name -> name.startsWith("x-"));
        Republish.bound(message.getMessageProperties());
        return message;
    }

    private static String header(Message message, String name) {
        Object value = message.getMessageProperties().getHeader(name);
        return value == null ? "(none)" : value.toString();
    }
}
