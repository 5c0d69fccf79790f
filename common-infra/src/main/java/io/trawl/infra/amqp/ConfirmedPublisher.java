package io.trawl.infra.amqp;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.rabbit.connection.CorrelationData;
import org.springframework.amqp.rabbit.core.RabbitTemplate;

/**
 * Publishes persistent messages and returns only once the broker has confirmed them (correlated publisher
 * confirms with mandatory routing), so "sent" means "safely queued". Batches are published first and
 * confirmed together, which keeps throughput close to unconfirmed publishing. Every message is signed
 * ({@link MessageSigner}).
 */
public class ConfirmedPublisher {

    /**
     * One message to publish.
     *
     * @param traced whether publishing it is observed (a producer span, and the current trace context in its
     *     {@code traceparent} header); an untraced message carries whatever trace context its headers already say
     */
    public record Outgoing(String exchange, String routingKey, Message message, boolean traced) {

        /** A traced message. */
        public Outgoing(String exchange, String routingKey, Message message) {
            this(exchange, routingKey, message, true);
        }
    }

    private final RabbitTemplate template;
    private final RabbitTemplate untraced;
    private final Duration timeout;
    private final MessageSigner signer;

    public ConfirmedPublisher(RabbitTemplate template, Duration timeout, MessageSigner signer) {
        this.template = template;
        this.timeout = timeout;
        this.signer = signer;
        template.setMandatory(true);
        // a broker blocking publishers (resource alarm) must not also stall this process's consumers
        template.setUsePublisherConnection(true);
        this.untraced = new RabbitTemplate(template.getConnectionFactory());
        untraced.setMandatory(true);
        untraced.setUsePublisherConnection(true);
        untraced.setObservationEnabled(false);
    }

    /** Publishes one message and waits for its confirm. */
    public void publish(String exchange, String routingKey, Message message) {
        publishAll(List.of(new Outgoing(exchange, routingKey, message)));
    }

    /** Publishes every message, then waits until all are confirmed; throws on the first that is not. */
    public void publishAll(List<Outgoing> messages) {
        List<CorrelationData> pending = new ArrayList<>(messages.size());
        for (Outgoing out : messages) {
            CorrelationData correlation = new CorrelationData();
            (out.traced() ? template : untraced)
                    .send(out.exchange(), out.routingKey(), signer.sign(out.message()), correlation);
            pending.add(correlation);
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        for (int i = 0; i < pending.size(); i++) {
            await(pending.get(i), messages.get(i), deadline);
        }
    }

    private static void await(CorrelationData correlation, Outgoing out, long deadline) {
        CorrelationData.Confirm confirm;
        try {
            confirm = correlation.getFuture().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw PublishException.notConfirmed(out.exchange(), out.routingKey(), e);
        } catch (ExecutionException | TimeoutException e) {
            throw PublishException.notConfirmed(out.exchange(), out.routingKey(), e);
        }
        if (!confirm.ack()) {
            throw PublishException.nacked(out.exchange(), out.routingKey(), confirm.reason());
        }
        if (correlation.getReturned() != null) {
            throw PublishException.unroutable(
                    out.exchange(), out.routingKey(), correlation.getReturned().getReplyText());
        }
    }
}
