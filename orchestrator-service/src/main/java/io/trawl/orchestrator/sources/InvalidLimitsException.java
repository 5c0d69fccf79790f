package io.trawl.orchestrator.sources;

/** Limits that cannot apply (negative rate, safety factor outside (0, 1], ...). */
public final class InvalidLimitsException extends RuntimeException {

    InvalidLimitsException(String message) {
        super(message);
    }
}
