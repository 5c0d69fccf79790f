package io.trawl.orchestrator.api;

import java.io.IOException;

/** A request body longer than the API accepts; answered 413. */
public final class BodyTooLargeException extends IOException {

    public BodyTooLargeException(long limit) {
        super("request body is larger than " + limit + " bytes, the most the API accepts");
    }

    /** The body-too-large failure within {@code e}'s causes, or null. */
    public static BodyTooLargeException in(Throwable e) {
        for (Throwable cause = e; cause != null && cause.getCause() != cause; cause = cause.getCause()) {
            if (cause instanceof BodyTooLargeException tooLarge) {
                return tooLarge;
            }
        }
        return null;
    }
}
