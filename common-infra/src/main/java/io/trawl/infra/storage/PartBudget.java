package io.trawl.infra.storage;

import java.util.concurrent.Semaphore;

/**
 * How many parts of a large object one upload may send at once, so that the whole process never holds more than
 * about {@code parts} part buffers beyond one per upload: a lone upload gets all of them, concurrent ones share
 * what is spare and get one each at least (what they had before parts went in parallel).
 */
final class PartBudget {

    private final int parts;
    private final Semaphore spare;

    PartBudget(int parts) {
        this.parts = parts;
        this.spare = new Semaphore(parts - 1);
    }

    /** Parts the caller may send at once (at least 1); give them back with {@link #giveBack} when done. */
    int take() {
        int taken = 1;
        while (taken < parts && spare.tryAcquire()) {
            taken++;
        }
        return taken;
    }

    /** Returns what {@link #take} answered. */
    void giveBack(int taken) {
        spare.release(taken - 1);
    }
}
