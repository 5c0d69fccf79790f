package io.trawl.messages;

/**
 * AMQP headers a dead-lettered task carries: why it failed, after how many attempts, of which job and
 * source. Replay selects dead letters by them.
 */
public final class DeadLetterHeaders {

    /** Stable failure name, e.g. {@code ChecksumMismatch}, {@code Timeout}, or {@link #POISON}. */
    public static final String ERROR_CLASS = "x-error-class";

    /** What went wrong, for people. */
    public static final String ERROR_MESSAGE = "x-error-message";

    /** Attempts made before the task was given up. */
    public static final String ATTEMPTS = "x-attempts";

    public static final String JOB_ID = "x-job-id";
    public static final String SOURCE = "x-source";

    /** The queue the task was consumed from. */
    public static final String ORIGINAL_QUEUE = "x-original-queue";

    /** Error class of a message that could not be decoded; it is never replayed. */
    public static final String POISON = "Poison";

    /** Error class of a message without a valid signature; it is never replayed. */
    public static final String FORGED = "Forged";

    private DeadLetterHeaders() {}
}
