package io.trawl.infra.amqp;

/** A message the broker did not confirm: nacked, returned as unroutable, or not confirmed in time. */
public final class PublishException extends RuntimeException {

    private PublishException(String message, Throwable cause) {
        super(message, cause);
    }

    static PublishException nacked(String exchange, String routingKey, String reason) {
        return new PublishException(
                "broker refused message to " + exchange + " with key " + routingKey + ": " + reason, null);
    }

    static PublishException unroutable(String exchange, String routingKey, String reply) {
        return new PublishException(
                "no queue bound for " + exchange + " with key " + routingKey + " (" + reply + ")", null);
    }

    static PublishException notConfirmed(String exchange, String routingKey, Throwable cause) {
        return new PublishException("no confirm for message to " + exchange + " with key " + routingKey, cause);
    }
}
