package io.trawl.worker.source;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The size of the JDK HTTP client's read buffers ({@code jdk.httpclient.bufsize}), chosen before the process's first
 * client is built (the client reads the property once). The JDK's 16 KiB costs a round through the client's
 * selector and executor for every 16 KiB received: a 2 GiB archive was read at 290 MiB/s by a bare client and at
 * 1.0 to 1.3 GiB/s with 256 KiB buffers, and the worker's download loop (sha256, spool file, rows checked as they
 * arrive) went from 105-128 to 196-304 MiB/s. But each open connection keeps one buffer, so they are sized to take
 * at most a sixteenth of the heap together, one connection per consumer: a worker of a thousand consumers in a
 * 256 MiB heap keeps the JDK's 16 KiB. An operator's {@code -Djdk.httpclient.bufsize} is left as it is.
 */
final class HttpReadBuffer {

    private static final Logger log = LoggerFactory.getLogger(HttpReadBuffer.class);

    static final String PROPERTY = "jdk.httpclient.bufsize";
    static final int JDK_DEFAULT = 16 * 1024;
    static final int MOST = 256 * 1024;

    private HttpReadBuffer() {}

    /** The buffer for {@code connections} open at once in a heap of {@code maxHeap} bytes: a power of two. */
    static int size(long maxHeap, int connections) {
        long share = maxHeap / 16 / Math.max(1, connections);
        return Math.clamp(Long.highestOneBit(Math.max(1, share)), JDK_DEFAULT, MOST);
    }

    /** Sets the property unless the operator did, and says which size is in effect. */
    static void apply(int connections) {
        String set = System.getProperty(PROPERTY);
        if (set != null) {
            log.info("HTTP read buffers as set: {}={}", PROPERTY, set);
            return;
        }
        int size = size(Runtime.getRuntime().maxMemory(), connections);
        System.setProperty(PROPERTY, Integer.toString(size));
        log.info("HTTP read buffers of {} KiB for up to {} connections to sources", size / 1024, connections);
    }
}
