package io.trawl.orchestrator.collection;

/** More progress streams are open than {@code trawl.orchestrator.max-event-streams} allows. */
public class TooManyStreamsException extends RuntimeException {

    public TooManyStreamsException(int max) {
        super("already " + max + " progress streams open (trawl.orchestrator.max-event-streams); poll GET"
                + " /collections/{id} instead or try again later");
    }
}
