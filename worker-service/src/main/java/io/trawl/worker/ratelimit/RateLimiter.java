package io.trawl.worker.ratelimit;

import io.trawl.sources.SourceLimits;
import io.trawl.worker.source.PushBack;
import io.trawl.worker.source.ServerUsage;
import java.time.Duration;
import java.util.Collection;

/**
 * Cluster-wide request slots per source: every window of its limits charged at once, with the weight of each
 * request; pauses that no request passes; a ceiling learned from the source's push-backs.
 */
public interface RateLimiter {

    /**
     * Reserves the earliest slot at which request {@code member} ({@code "<id>|<weight>"}) may be sent; the
     * caller waits {@link Reservation#delay()}, then asks {@link #confirm}.
     */
    Reservation reserve(String source, SourceLimits limits, String member);

    /** Just before sending: answers whether the reserved request may go, and from then on it occupies its span. */
    Clearance confirm(String source, SourceLimits limits, String member);

    /**
     * A confirmed request that has not left yet (the confirmation reached its worker late) occupies its span again
     * from now, as {@link #confirm} began it; false when that span already ended (it must not be sent).
     */
    boolean restart(String source, SourceLimits limits, String member);

    /**
     * Whether an unlimited source is paused: the same check as {@link #confirm} without a reservation (with a
     * half-open breaker, every request of an unlimited source is a probe).
     */
    Clearance check(String source);

    /** The request was answered (or failed): it now counts as a point at this moment. */
    void complete(String source, String member);

    /** Keeps requests that wait for their answer in flight for another {@code ttl} (counting until the answer). */
    void renew(String source, Duration ttl, Collection<String> members);

    /** The source pushed back: pause it everywhere, learn from it; answers the pause and the learned share. */
    default PushBackResult pushedBack(String source, SourceLimits limits, PushBack pushBack) {
        return pushedBack(source, limits, pushBack, null);
    }

    /**
     * As {@link #pushedBack(String, SourceLimits, PushBack)}, completing the refused request's permit
     * {@code answered} (null if none) in the same step: the pause is known before the request leaves the windows.
     */
    PushBackResult pushedBack(String source, SourceLimits limits, PushBack pushBack, String answered);

    /** The source reported its own counters: never be more optimistic than that. */
    void reported(String source, SourceLimits limits, ServerUsage usage);

    /**
     * The source's circuit breaker, for the whole cluster: {@code OPEN} holds every request for {@code openFor},
     * then lets one probe through; the probe's {@code SUCCESS} closes it, its {@code FAILURE} opens it again.
     * Answers whether the call changed the state.
     */
    boolean breaker(String source, BreakerEvent event, Duration openFor);

    /** What happened to a source's breaker. */
    enum BreakerEvent {
        OPEN,
        SUCCESS,
        FAILURE
    }

    /**
     * What a push-back did.
     *
     * @param pause how long the source is paused from now
     * @param learnedShare the share of the configured limits used from now on
     */
    record PushBackResult(Duration pause, double learnedShare) {}
}
