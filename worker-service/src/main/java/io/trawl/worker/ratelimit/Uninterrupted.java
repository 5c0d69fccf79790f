package io.trawl.worker.ratelimit;

/**
 * Runs clean-up that must reach Redis even on a thread being stopped (a timed-out or cancelled task): an
 * interrupt would abort the Redis call and leave a permit held until it expires. The interrupt is kept and
 * restored afterwards.
 */
final class Uninterrupted {

    private Uninterrupted() {}

    static void run(Runnable cleanUp) {
        boolean interrupted = Thread.interrupted();
        try {
            cleanUp.run();
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
