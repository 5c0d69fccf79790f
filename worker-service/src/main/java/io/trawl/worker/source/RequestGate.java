package io.trawl.worker.source;

import java.time.Duration;

/** What a connector asks before each request to a source, and tells when the source pushes back. */
public interface RequestGate {

    /** An open gate: no limits. */
    RequestGate OPEN = new RequestGate() {
        @Override
        public void acquire(String source) {}

        @Override
        public void pushedBack(String source, int status, Duration retryAfter) {}
    };

    /** Returns when the next request to {@code source} may go out. */
    void acquire(String source) throws InterruptedException;

    /** The source answered {@code status} (429/503), optionally saying when to come back. */
    void pushedBack(String source, int status, Duration retryAfter);
}
