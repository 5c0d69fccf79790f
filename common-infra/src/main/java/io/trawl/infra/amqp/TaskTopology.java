package io.trawl.infra.amqp;

import io.trawl.messages.Topology;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.springframework.amqp.core.Binding;
import org.springframework.amqp.core.BindingBuilder;
import org.springframework.amqp.core.Declarable;
import org.springframework.amqp.core.DirectExchange;
import org.springframework.amqp.core.FanoutExchange;
import org.springframework.amqp.core.HeadersExchange;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.core.QueueBuilder;
import org.springframework.amqp.core.TopicExchange;

/**
 * The broker objects both services declare identically (a declaration with other arguments would fail):
 * the task exchange, one classic durable priority queue per source dead-lettering into the dead-letter
 * queue, and the event exchange. Quorum queues would reject {@code x-max-priority} on RabbitMQ 3.10.
 */
public final class TaskTopology {

    /** How long a set-aside task waits before it goes back to its source's queue. */
    public static final int TASK_WAIT_MILLIS = 1000;

    private TaskTopology() {}

    /** Declarations for the given sources. */
    public static List<Declarable> declarables(Topology topology, Collection<String> sourceIds) {
        DirectExchange tasks = new DirectExchange(topology.tasksExchange(), true, false);
        FanoutExchange deadLetters = new FanoutExchange(topology.deadLetterExchange(), true, false);
        Queue deadLetterQueue = QueueBuilder.durable(topology.deadLetterQueue()).build();
        List<Declarable> declarables = new ArrayList<>(List.of(
                tasks,
                deadLetters,
                deadLetterQueue,
                BindingBuilder.bind(deadLetterQueue).to(deadLetters),
                new TopicExchange(topology.eventsExchange(), true, false)));
        DirectExchange wait = new DirectExchange(topology.taskWaitExchange(), true, false);
        Queue waitQueue = QueueBuilder.durable(topology.taskWaitQueue())
                .ttl(TASK_WAIT_MILLIS)
                .deadLetterExchange(topology.tasksExchange())
                .build();
        declarables.add(wait);
        declarables.add(waitQueue);
        HeadersExchange retry = new HeadersExchange(topology.retryExchange(), true, false);
        declarables.add(retry);
        for (long delay : Topology.RETRY_DELAYS_MILLIS) {
            Queue delayQueue = QueueBuilder.durable(topology.retryQueue(delay))
                    .ttl(Math.toIntExact(delay))
                    .deadLetterExchange(topology.tasksExchange())
                    .build();
            declarables.add(delayQueue);
            declarables.add(BindingBuilder.bind(delayQueue)
                    .to(retry)
                    .where(Topology.RETRY_DELAY_HEADER)
                    .matches(Long.toString(delay)));
        }
        declarables.add(new FanoutExchange(topology.controlExchange(), true, false));
        declarables.add(new DirectExchange(topology.parkedExchange(), true, false));
        for (String source : sourceIds) {
            Queue queue = taskQueue(topology, source);
            Binding binding = BindingBuilder.bind(queue).to(tasks).with(source);
            declarables.add(queue);
            declarables.add(binding);
            declarables.add(BindingBuilder.bind(waitQueue).to(wait).with(source));
        }
        return declarables;
    }

    /** The retry step for a back-off: the longest step not above it, at least the first. */
    public static long retryStep(long backoffMillis) {
        long step = Topology.RETRY_DELAYS_MILLIS.getFirst();
        for (long delay : Topology.RETRY_DELAYS_MILLIS) {
            if (delay <= backoffMillis) {
                step = delay;
            }
        }
        return step;
    }

    /** One source's task queue. */
    public static Queue taskQueue(Topology topology, String source) {
        return QueueBuilder.durable(topology.taskQueue(source))
                .maxPriority(Topology.MAX_PRIORITY)
                .deadLetterExchange(topology.deadLetterExchange())
                .build();
    }
}
