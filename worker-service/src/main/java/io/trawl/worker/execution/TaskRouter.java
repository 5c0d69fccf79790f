package io.trawl.worker.execution;

import static io.trawl.messages.DeadLetterHeaders.ATTEMPTS;
import static io.trawl.messages.DeadLetterHeaders.ERROR_CLASS;
import static io.trawl.messages.DeadLetterHeaders.ERROR_MESSAGE;
import static io.trawl.messages.DeadLetterHeaders.JOB_ID;
import static io.trawl.messages.DeadLetterHeaders.ORIGINAL_QUEUE;
import static io.trawl.messages.DeadLetterHeaders.SOURCE;

import io.trawl.infra.TrawlProperties;
import io.trawl.infra.amqp.ConfirmedPublisher;
import io.trawl.infra.amqp.Republish;
import io.trawl.infra.amqp.TaskTopology;
import io.trawl.infra.control.JobControl;
import io.trawl.messages.TaskMessage;
import io.trawl.messages.Topology;
import java.util.List;
import org.springframework.amqp.core.AmqpAdmin;
import org.springframework.amqp.core.BindingBuilder;
import org.springframework.amqp.core.DirectExchange;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageBuilder;
import org.springframework.amqp.core.MessageBuilderSupport;
import org.springframework.amqp.core.MessageDeliveryMode;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.core.QueueBuilder;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Where a delivered task goes when it is not simply acked: set aside for a second, retried after a back-off
 * through a delay queue, dead-lettered with the reason, or parked while its job is paused. Every publish is
 * confirmed before the caller acks the delivery, so a task is never in neither place.
 */
@Component
class TaskRouter {

    private final ConfirmedPublisher publisher;
    private final Topology topology;
    private final JsonMapper json;
    private final AmqpAdmin admin;
    private final JobControl control;

    TaskRouter(
            ConfirmedPublisher publisher, TrawlProperties trawl, JsonMapper json, AmqpAdmin admin, JobControl control) {
        this.publisher = publisher;
        this.topology = trawl.topology();
        this.json = json;
        this.admin = admin;
        this.control = control;
    }

    /** Sets a task aside: the wait queue returns it to its source's queue after a second. */
    void defer(Message delivery, String source) {
        publisher.publish(
                topology.taskWaitExchange(), source, persistent(delivery).build());
    }

    /** Sets tasks of one source aside at once, confirmed together. */
    void deferAll(List<Message> deliveries, String source) {
        publisher.publishAll(deliveries.stream()
                .map(delivery -> new ConfirmedPublisher.Outgoing(
                        topology.taskWaitExchange(),
                        source,
                        persistent(delivery).build()))
                .toList());
    }

    /** Publishes the next attempt to the delay queue of {@code backoffMillis}; answers the delay it gets. */
    long retry(Message delivery, TaskMessage next, long backoffMillis) {
        long delay = TaskTopology.retryStep(backoffMillis);
        Republish.bound(delivery.getMessageProperties());
        Message message = MessageBuilder.withBody(json.writeValueAsBytes(next))
                .copyProperties(delivery.getMessageProperties())
                .setDeliveryMode(MessageDeliveryMode.PERSISTENT)
                .setType(next.type())
                .setHeader(Topology.RETRY_DELAY_HEADER, Long.toString(delay))
                .setHeader(ATTEMPTS, next.data().attempt() - 1)
                .build();
        publisher.publish(topology.retryExchange(), next.data().source(), message);
        return delay;
    }

    /** Dead-letters a task that failed for good, with the reason in headers. */
    void deadLetter(Message delivery, TaskMessage task, String errorClass, String reason) {
        Message dead = persistent(delivery)
                .setHeader(ERROR_CLASS, errorClass)
                .setHeader(ERROR_MESSAGE, Republish.excerpt(reason))
                .setHeader(ATTEMPTS, task.data().attempt())
                .setHeader(JOB_ID, task.jobid())
                .setHeader(SOURCE, task.data().source())
                .setHeader(ORIGINAL_QUEUE, delivery.getMessageProperties().getConsumerQueue())
                .build();
        publisher.publish(topology.deadLetterExchange(), task.data().source(), dead);
    }

    /**
     * Dead-letters a delivery that can never run (it cannot be decoded: {@code Poison}; it is not signed by a Trawl
     * key: {@code Forged}): it would fail the same way every time, and is never replayed.
     */
    void deadLetterPoison(Message delivery, String errorClass, RuntimeException cause) {
        String queue = delivery.getMessageProperties().getConsumerQueue();
        Message dead = persistent(delivery)
                .setHeader(ERROR_CLASS, errorClass)
                .setHeader(
                        ERROR_MESSAGE, Republish.excerpt(cause.getClass().getSimpleName() + ": " + cause.getMessage()))
                .setHeader(ORIGINAL_QUEUE, queue)
                .build();
        publisher.publish(topology.deadLetterExchange(), queue == null ? "" : queue, dead);
    }

    /** Parks a task of a paused job in the job's own durable queue until the orchestrator releases it. */
    void park(Message delivery, TaskMessage task) {
        String queue = topology.parkedQueue(task.jobid());
        // declared every time: the orchestrator deletes the queue once it released the tasks. Through the parked
        // exchange, not the default one: a worker's broker account may not publish to any queue it names
        Queue parked = QueueBuilder.durable(queue).build();
        admin.declareQueue(parked);
        admin.declareBinding(BindingBuilder.bind(parked)
                .to(new DirectExchange(topology.parkedExchange()))
                .with(queue));
        control.markParked(task.jobid());
        publisher.publish(
                topology.parkedExchange(),
                queue,
                persistent(delivery).setHeader(SOURCE, task.data().source()).build());
    }

    private static MessageBuilderSupport<Message> persistent(Message delivery) {
        return Republish.copyOf(delivery);
    }
}
