package io.trawl.orchestrator.dispatch;

import io.trawl.messages.JobState;

/**
 * Where a lazily planned job's dispatch stands.
 *
 * @param state the job's state (null when the job is gone)
 * @param cursor the first unit not yet dispatched
 * @param pending the end of a batch recorded but maybe not published, or -1
 * @param units all units of the job
 * @param inFlight tasks dispatched that have not ended
 */
record DispatchState(JobState state, long cursor, long pending, long units, long inFlight) {

    boolean finished() {
        return cursor >= units && pending < 0;
    }
}
