package io.trawl.orchestrator.tracking;

/** What an operator can do to a running job. */
public enum JobCommand {
    PAUSE,
    RESUME,
    CANCEL
}
