package io.trawl.worker.execution;

import io.trawl.infra.TrawlProperties;
import io.trawl.infra.amqp.ConfirmedPublisher;
import io.trawl.messages.Topology;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageBuilder;
import org.springframework.amqp.core.MessageDeliveryMode;
import org.springframework.stereotype.Component;

/**
 * Sets a task aside for a second: republishes it (confirmed) to the wait queue, which returns it to its
 * source's queue, so the consumer is free for other work meanwhile.
 */
@Component
class TaskDeferrer {

    private final ConfirmedPublisher publisher;
    private final Topology topology;

    TaskDeferrer(ConfirmedPublisher publisher, TrawlProperties trawl) {
        this.publisher = publisher;
        this.topology = trawl.topology();
    }

    void defer(Message delivery, String source) {
        Message copy = MessageBuilder.fromMessage(delivery)
                .setDeliveryMode(MessageDeliveryMode.PERSISTENT)
                .build();
        publisher.publish(topology.taskWaitExchange(), source, copy);
    }
}
