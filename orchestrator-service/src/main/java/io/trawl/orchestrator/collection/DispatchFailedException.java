package io.trawl.orchestrator.collection;

/** A planned job whose tasks the broker did not accept; the job is marked FAILED. */
public final class DispatchFailedException extends RuntimeException {

    private final String jobId;

    DispatchFailedException(String jobId, Throwable cause) {
        super("job " + jobId + " could not be queued: " + cause.getMessage(), cause);
        this.jobId = jobId;
    }

    public String jobId() {
        return jobId;
    }
}
