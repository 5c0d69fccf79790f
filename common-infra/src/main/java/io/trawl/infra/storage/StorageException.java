package io.trawl.infra.storage;

/** The object store could not do what was asked; retrying later may help. */
public final class StorageException extends RuntimeException {

    StorageException(String message, Throwable cause) {
        super(message + ": " + cause.getMessage(), cause);
    }
}
