package io.trawl.messages;

/** Job priority as operators name it, mapped onto AMQP message priority (0..{@link Topology#MAX_PRIORITY}). */
public enum Priority {
    LOW(1),
    NORMAL(4),
    HIGH(7),
    URGENT(9);

    private final int amqpPriority;

    Priority(int amqpPriority) {
        this.amqpPriority = amqpPriority;
    }

    public int amqpPriority() {
        return amqpPriority;
    }
}
