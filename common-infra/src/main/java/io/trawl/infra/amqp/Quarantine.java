package io.trawl.infra.amqp;

import io.trawl.infra.TrawlProperties;
import io.trawl.messages.DeadLetterHeaders;
import io.trawl.messages.Topology;
import org.springframework.amqp.core.Message;

/**
 * Puts a message that must never be acted on (not signed by a Trawl key, or a result the object store does not
 * back) into the dead-letter queue with the reason in its headers, as failed tasks are: operators see it in
 * {@code GET /dead-letters} by its error class, and replay never takes it (only tasks are replayed).
 */
public class Quarantine {

    private final ConfirmedPublisher publisher;
    private final Topology topology;

    public Quarantine(ConfirmedPublisher publisher, TrawlProperties trawl) {
        this.publisher = publisher;
        this.topology = trawl.topology();
    }

    /** Dead-letters {@code delivery} as {@code errorClass}, saying {@code reason}. */
    public void deadLetter(Message delivery, String errorClass, String reason) {
        String queue = delivery.getMessageProperties().getConsumerQueue();
        Message dead = Republish.copyOf(delivery)
                .setHeader(DeadLetterHeaders.ERROR_CLASS, errorClass)
                .setHeader(DeadLetterHeaders.ERROR_MESSAGE, Republish.excerpt(reason))
                .setHeader(DeadLetterHeaders.ORIGINAL_QUEUE, queue)
                .build();
        publisher.publish(topology.deadLetterExchange(), queue == null ? "" : queue, dead);
    }
}
