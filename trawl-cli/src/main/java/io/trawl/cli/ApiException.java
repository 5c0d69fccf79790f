package io.trawl.cli;

/** The orchestrator refused a request or could not be reached; the message is one line for the operator. */
final class ApiException extends RuntimeException {

    ApiException(String message) {
        super(message);
    }
}
