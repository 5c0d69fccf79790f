package io.trawl.orchestrator.schedules;

/** A schedule request that cannot be accepted, with the message naming the field and the problem. */
public class InvalidScheduleException extends RuntimeException {

    public InvalidScheduleException(String message) {
        super(message);
    }
}
