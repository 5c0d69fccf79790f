package io.trawl.orchestrator.tracking;

import io.trawl.messages.JobState;
import java.util.Locale;

/** A command that does not fit the job's state, e.g. resuming a job that is not paused. */
public class JobConflictException extends RuntimeException {

    public JobConflictException(String jobId, JobCommand command, JobState state) {
        super("cannot " + command.name().toLowerCase(Locale.ROOT) + " collection '" + jobId + "': it is " + state);
    }
}
