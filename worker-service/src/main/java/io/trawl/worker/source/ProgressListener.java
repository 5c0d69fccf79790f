package io.trawl.worker.source;

/** Told how far a download got and how long it waited for limits; called from the downloading thread. */
@FunctionalInterface
public interface ProgressListener {

    /** The task waited {@code nanos} for a limiter permit or a concurrency lease. */
    default void waited(long nanos) {}

    /**
     * @param bytes bytes received so far
     * @param totalBytes expected size, or -1 when the source did not say
     */
    void onProgress(long bytes, long totalBytes);
}
