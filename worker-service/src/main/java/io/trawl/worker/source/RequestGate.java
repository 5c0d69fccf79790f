package io.trawl.worker.source;

import java.util.List;

/** What a connector asks before each request to a source, and tells about each answer. */
public interface RequestGate {

    /** An open gate: no limits. */
    RequestGate OPEN = new RequestGate() {
        @Override
        public Permit acquire(String source) {
            return Permit.NONE;
        }

        @Override
        public void pushedBack(String source, PushBack pushBack, Permit answered) {}

        @Override
        public void reported(String source, List<ServerUsage> usage) {}
    };

    /**
     * Returns, once the next request to {@code source} may go out (its slot came and the source is not paused
     * in the cluster), the permit to close when it is answered. Throws {@link SourceFailure} with
     * {@link SourceFailure#pausedFor()} when the source is paused for longer than a request should wait.
     */
    Permit acquire(String source) throws InterruptedException;

    /**
     * The source pushed back (429, 503, a ban) in its answer to the request of the still open permit
     * {@code answered}: the pause is recorded before the permit returns, since whatever reaches the source in
     * between counts as ignoring it.
     */
    void pushedBack(String source, PushBack pushBack, Permit answered);

    /** The source's answer reported its own counters. */
    void reported(String source, List<ServerUsage> usage);

    /** The right to send one request; closing it says the request was answered (or failed). */
    interface Permit extends AutoCloseable {

        /** A permit that needs no completing. */
        Permit NONE = () -> {};

        /** The request failed in a way that says the source is unwell (connection error, 5xx); call before close. */
        default void failed() {}

        @Override
        void close();
    }
}
