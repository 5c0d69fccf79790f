package io.trawl.infra.amqp;

/** A message the broker did not confirm: nacked, returned as unroutable, or not confirmed in time. */
public final class PublishException extends RuntimeException {

    private final boolean unroutable;

    private PublishException(String message, Throwable cause) {
        this(message, cause, false);
    }

    private PublishException(String message, Throwable cause, boolean unroutable) {
        super(message, cause);
        this.unroutable = unroutable;
    }

    /** Whether the broker confirmed the message but no queue was bound to take it. */
    public boolean unroutable() {
        return unroutable;
    }

    static PublishException nacked(String exchange, String routingKey, String reason) {
        return new PublishException(
                "broker refused message to " + exchange + " with key " + routingKey + ": " + reason, null);
    }

    static PublishException unroutable(String exchange, String routingKey, String reply) {
        return new PublishException(
                "no queue bound for " + exchange + " with key " + routingKey + " (" + reply + ")", null, true);
    }

    static PublishException notConfirmed(String exchange, String routingKey, Throwable cause) {
        return new PublishException("no confirm for message to " + exchange + " with key " + routingKey, cause);
    }
}
