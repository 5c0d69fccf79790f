package io.trawl.worker.source;

import java.time.Duration;

/** What a connector asks before each request to a source, and tells when the source pushes back. */
public interface RequestGate {

    /** An open gate: no limits. */
    RequestGate OPEN = new RequestGate() {
        @Override
        public Permit acquire(String source) {
            return Permit.NONE;
        }

        @Override
        public void pushedBack(String source, int status, Duration retryAfter) {}
    };

    /** Returns, once the next request to {@code source} may go out, the permit to close when it is answered. */
    Permit acquire(String source) throws InterruptedException;

    /** The source answered {@code status} (429/503), optionally saying when to come back. */
    void pushedBack(String source, int status, Duration retryAfter);

    /** The right to send one request; closing it says the request was answered (or failed). */
    interface Permit extends AutoCloseable {

        /** A permit that needs no completing. */
        Permit NONE = () -> {};

        @Override
        void close();
    }
}
