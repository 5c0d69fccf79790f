package io.trawl.worker.execution;

import com.rabbitmq.client.Channel;
import io.micrometer.core.instrument.MeterRegistry;
import io.trawl.infra.amqp.MessageSigner;
import io.trawl.infra.amqp.Republish;
import io.trawl.infra.amqp.TaskMessages;
import io.trawl.infra.control.JobControl;
import io.trawl.messages.DeadLetterHeaders;
import io.trawl.messages.MessageTypes;
import io.trawl.messages.TaskMessage;
import io.trawl.worker.events.EventPublisher;
import java.io.IOException;
import java.util.List;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageBuilder;
import org.springframework.amqp.rabbit.listener.api.ChannelAwareMessageListener;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Decodes a task delivery, sets the MDC, checks the job's switches and delegates to {@link TaskRunner}; acks
 * only after every outcome message is confirmed. A message that cannot be decoded is poison: it goes to the
 * dead-letter queue with the reason in its headers, never back to the queue. A task of a cancelled job (or a
 * cancelled task) is dropped; one of a paused job is parked until the job resumes. If the outcome cannot be
 * published the task is set aside for a second and runs again (results are idempotent); only if even that cannot be
 * published is the delivery returned to the queue. A task of a
 * concurrency-limited job that already holds its share of this worker's consumers is set aside for a second
 * instead of blocking a consumer. A bundle ({@link io.trawl.messages.TaskBundle}) runs its tasks one after another,
 * each as if it had come alone; their results go out in one message before the bundle is acked. When one of its tasks
 * cannot be finished, that task and those after it are set aside alone and the bundle is acked; only when even that
 * fails (the broker away) does the bundle go back whole (a task that ran already runs again: results are
 * idempotent).
 */
@Component
public class TaskListener implements ChannelAwareMessageListener {

    private static final Logger log = LoggerFactory.getLogger(TaskListener.class);

    private final TaskMessages messages;
    private final TaskRunner runner;
    private final TaskRouter router;
    private final JobSlots jobSlots;
    private final JobControl control;
    private final TaskIntake intake;
    private final MeterRegistry meters;
    private final MessageSigner signer;
    private final EventPublisher events;
    private final JsonMapper json;

    public TaskListener(
            JsonMapper json,
            EventPublisher events,
            TaskRunner runner,
            TaskRouter router,
            JobSlots jobSlots,
            JobControl control,
            TaskIntake intake,
            MessageSigner signer,
            MeterRegistry meters) {
        this.signer = signer;
        this.events = events;
        this.json = json;
        this.meters = meters;
        this.messages = new TaskMessages(json);
        this.intake = intake;
        this.runner = runner;
        this.router = router;
        this.jobSlots = jobSlots;
        this.control = control;
    }

    @Override
    public void onMessage(Message message, Channel channel) throws IOException {
        long tag = message.getMessageProperties().getDeliveryTag();
        if (!intake.open()) {
            channel.basicNack(tag, false, true);
            return;
        }
        List<TaskMessage> tasks;
        try {
            if (Republish.oversized(message.getMessageProperties())) {
                throw new IllegalArgumentException(
                        "a header is longer than " + Republish.MAX_HEADER + " characters: no Trawl service writes one");
            }
            MessageSigner.Verdict verdict = signer.verify(message);
            if (verdict != MessageSigner.Verdict.VALID) {
                meters.counter("trawl.messages.rejected", "kind", "task", "reason", verdict.tag())
                        .increment();
                poison(
                        message,
                        channel,
                        DeadLetterHeaders.FORGED,
                        new IllegalArgumentException("not signed by a Trawl key (" + verdict.tag() + "): never run"));
                return;
            }
            tasks = messages.readAll(
                    message.getBody(),
                    message.getMessageProperties().getType(),
                    message.getMessageProperties().getContentType());
        } catch (RuntimeException e) {
            poison(message, channel, DeadLetterHeaders.POISON, e);
            return;
        }
        boolean bundle =
                MessageTypes.BATCH.equals(message.getMessageProperties().getContentType());
        TaskMessage first = tasks.getFirst();
        Results results = bundle
                ? Results.gathered(events, first.jobid(), first.data().source())
                : Results.alone(events, first.jobid(), first.data().source());
        int next = 0; // the first task of the delivery that has not ended
        try {
            while (next < tasks.size()) {
                TaskMessage task = tasks.get(next);
                Supplier<Message> delivery = bundle ? once(() -> member(message, task)) : () -> message;
                if (bundle && !intake.open()) {
                    // shutting down: what is not started goes back (after a second), alone, to whoever is left
                    router.defer(delivery.get(), task.data().source());
                } else {
                    handle(delivery, message.getMessageProperties().getPriority(), task, results);
                }
                next++;
                results.sendIfDue();
            }
            results.send();
            channel.basicAck(tag, false);
        } catch (RuntimeException e) {
            List<TaskMessage> rest = tasks.subList(next, tasks.size());
            if (setAside(message, bundle, rest, results, e)) {
                if (rest.isEmpty()) {
                    log.warn("The results of a bundle of {} were sent on a second try", tasks.size(), e);
                } else {
                    log.error(
                            "Task(id={}, source={}, attempt={}) could not be finished; it and the {} after it are set"
                                    + " aside alone for a second, the {} before it ended",
                            rest.getFirst().data().taskId(),
                            rest.getFirst().data().source(),
                            rest.getFirst().data().attempt(),
                            rest.size() - 1,
                            next,
                            e);
                }
                channel.basicAck(tag, false);
                return;
            }
            TaskMessage current = tasks.get(Math.min(next, tasks.size() - 1));
            log.error(
                    "Task(id={}, source={}, attempt={}) could not be finished; returning {} to the queue",
                    current.data().taskId(),
                    current.data().source(),
                    current.data().attempt(),
                    bundle ? "its bundle of " + tasks.size() : "it",
                    e);
            channel.basicNack(tag, false, true);
        }
    }

    /**
     * After a task could not be finished: sends the results of the tasks that ended and sets the ones that did not
     * aside, each alone, for a second (the wait queue), so that the delivery can be acked: no task that ended runs,
     * retries, parks or dead-letters again, and a fault that lasts (a publish refused, Redis unreachable) brings a
     * task back once a second instead of in a loop as fast as the source answers. Answers false when even that
     * cannot be done (the broker away): the delivery then goes back to the queue whole.
     */
    private boolean setAside(
            Message delivery, boolean bundle, List<TaskMessage> rest, Results results, RuntimeException cause) {
        try {
            results.send();
            if (!rest.isEmpty()) {
                router.deferAll(
                        bundle
                                ? rest.stream()
                                        .map(task -> member(delivery, task))
                                        .toList()
                                : List.of(delivery),
                        rest.getFirst().data().source());
            }
            return true;
        } catch (RuntimeException e) {
            cause.addSuppressed(e);
            return false;
        }
    }

    private void handle(Supplier<Message> delivery, Integer priority, TaskMessage task, Results results) {
        MDC.put("jobId", task.jobid());
        MDC.put("taskId", task.data().taskId());
        try {
            switch (control.decide(task.jobid(), task.data().taskId())) {
                case CANCELLED ->
                    log.info("Task(id={}) dropped: cancelled", task.data().taskId());
                case PAUSED -> {
                    router.park(delivery.get(), task);
                    log.debug(
                            "Task(id={}) parked: its job is paused", task.data().taskId());
                }
                case RUN -> run(delivery, priority == null ? 0 : priority, task, results);
            }
        } finally {
            MDC.remove("jobId");
            MDC.remove("taskId");
        }
    }

    /**
     * A bundle's task as if it had been delivered alone (its own body and id, the bundle's headers and priority):
     * what parks, defers, retries or dead-letters it sends on that task alone. Made only when one of those needs
     * it ({@link #once}): copying a message's properties is reflective, a twelfth of a worker's CPU when it was made
     * for every task (JFR).
     */
    private static Supplier<Message> once(Supplier<Message> make) {
        Message[] made = new Message[1];
        return () -> made[0] == null ? (made[0] = make.get()) : made[0];
    }

    private Message member(Message bundle, TaskMessage task) {
        return MessageBuilder.withBody(json.writeValueAsBytes(task))
                .copyProperties(bundle.getMessageProperties())
                .setContentType(MessageTypes.JSON)
                .setType(MessageTypes.COLLECT_TASK_V2)
                .setMessageId(task.id())
                .build();
    }

    /**
     * Dead-letters a delivery that can never be run, with the reason; if even that fails, rejects it without
     * requeueing (the task queue's dead-letter exchange takes it as it is): it never comes back to a consumer.
     */
    private void poison(Message message, Channel channel, String errorClass, RuntimeException cause)
            throws IOException {
        long tag = message.getMessageProperties().getDeliveryTag();
        String queue = message.getMessageProperties().getConsumerQueue();
        try {
            router.deadLetterPoison(message, errorClass, cause);
            meters.counter("trawl.tasks.poison", "outcome", "dead-lettered").increment();
            log.warn(
                    "{} message {} on {} dead-lettered: {}",
                    errorClass,
                    message.getMessageProperties().getMessageId(),
                    queue,
                    Republish.excerpt(cause.getMessage()));
            channel.basicAck(tag, false);
        } catch (RuntimeException e) {
            meters.counter("trawl.tasks.poison", "outcome", "rejected").increment();
            log.error(
                    "{} message {} on {} could not be dead-lettered ({}); rejected without requeue: {}",
                    errorClass,
                    message.getMessageProperties().getMessageId(),
                    queue,
                    Republish.excerpt(e.getMessage()),
                    Republish.excerpt(cause.getMessage()));
            channel.basicReject(tag, false);
        }
    }

    private void run(Supplier<Message> delivery, int priority, TaskMessage task, Results results) {
        int jobConcurrency = task.data().jobConcurrency();
        if (jobConcurrency > 0 && !jobSlots.tryEnter(task.jobid(), jobConcurrency)) {
            router.defer(delivery.get(), task.data().source());
            return;
        }
        try {
            runner.run(task, delivery, priority, results);
        } finally {
            if (jobConcurrency > 0) {
                jobSlots.exit(task.jobid());
            }
        }
    }
}
