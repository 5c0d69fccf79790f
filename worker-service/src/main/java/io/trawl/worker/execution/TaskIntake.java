package io.trawl.worker.execution;

import org.springframework.stereotype.Component;

/**
 * Whether this worker takes new tasks. Closed by an operator's pause: a task delivered after that (the
 * consumers are still being cancelled) goes straight back to the queue instead of starting here.
 */
@Component
class TaskIntake {

    private volatile boolean open = true;

    boolean open() {
        return open;
    }

    void close() {
        open = false;
    }

    void reopen() {
        open = true;
    }
}
