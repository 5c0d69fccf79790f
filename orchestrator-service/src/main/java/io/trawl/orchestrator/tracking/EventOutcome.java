package io.trawl.orchestrator.tracking;

/**
 * What applying an event did.
 *
 * @param kind applied, ignored (stale or duplicate), unknown task, applied and paused the job (too many
 *     failures), applied and finished the job, or refused by Redis (its script answered an error: nothing applied)
 * @param state the task's new state, the state that made it ignored, the job's failure count when it paused,
 *     the job's final state, or Redis's error
 */
public record EventOutcome(Kind kind, String state) {

    /** Result kinds. */
    public enum Kind {
        APPLIED,
        IGNORED,
        UNKNOWN,
        PAUSED,
        FINISHED,
        REFUSED
    }

    static EventOutcome refused(String error) {
        return new EventOutcome(Kind.REFUSED, error);
    }

    static EventOutcome parse(String reply) {
        int colon = reply.indexOf(':');
        String kind = colon < 0 ? reply : reply.substring(0, colon);
        String state = colon < 0 ? null : reply.substring(colon + 1);
        return new EventOutcome(Kind.valueOf(kind.toUpperCase(java.util.Locale.ROOT)), state);
    }
}
