package io.trawl.worker.source;

/** Told how far a download got; called from the downloading thread. */
@FunctionalInterface
public interface ProgressListener {

    /**
     * @param bytes bytes received so far
     * @param totalBytes expected size, or -1 when the source did not say
     */
    void onProgress(long bytes, long totalBytes);
}
