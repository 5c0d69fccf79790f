package io.trawl.worker.source;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Runs a check over content while it is still arriving, so that reading it again afterwards is not needed: the
 * downloading thread hands every chunk over with {@link #write}, a virtual thread reads them as one stream. At most
 * eight chunks of 256 KiB exist, allocated as needed (memory does not grow with the content); when the check is
 * slower than the download, the download waits for it. The check's answer is advice: when it throws, {@link #finish} answers null
 * and the content is checked again from its file, which decides.
 *
 * @param <T> what the check answers
 */
final class StreamCheck<T> implements AutoCloseable {

    /** The check, reading the content as it arrives. */
    @FunctionalInterface
    interface Reader<T> {
        T read(InputStream content) throws Exception;
    }

    private static final int CHUNK = 256 * 1024;
    private static final int CHUNKS = 8;
    private static final Chunk END = new Chunk(new byte[0], -1);

    private final BlockingQueue<Chunk> full = new ArrayBlockingQueue<>(CHUNKS + 1);
    private final BlockingQueue<byte[]> free = new ArrayBlockingQueue<>(CHUNKS);
    private final Thread reader;
    private int allocated;
    private volatile boolean abandoned;
    private volatile T answer;
    private volatile Exception failure;
    private byte[] current;
    private int used;
    private boolean ended;

    private record Chunk(byte[] bytes, int length) {}

    StreamCheck(String name, Reader<T> check) {
        this.reader = Thread.ofVirtual().name(name).start(() -> {
            Arriving content = new Arriving();
            try {
                answer = check.read(content);
            } catch (Exception e) {
                failure = e;
            } finally {
                content.drain();
            }
        });
    }

    /** Hands {@code length} bytes of {@code bytes} from {@code offset} over to the check. */
    void write(byte[] bytes, int offset, int length) throws InterruptedException {
        while (length > 0) {
            if (current == null) {
                current = free.poll();
                if (current == null) {
                    current = allocated < CHUNKS ? new byte[CHUNK] : free.take();
                    allocated = Math.min(CHUNKS, allocated + 1);
                }
                used = 0;
            }
            int n = Math.min(length, CHUNK - used);
            System.arraycopy(bytes, offset, current, used, n);
            used += n;
            offset += n;
            length -= n;
            if (used == CHUNK) {
                full.put(new Chunk(current, used));
                current = null;
            }
        }
    }

    /** The content is whole: waits for the check and answers what it found, or null when it failed. */
    T finish() throws InterruptedException {
        if (current != null) {
            full.put(new Chunk(current, used));
            current = null;
        }
        end();
        reader.join();
        return failure == null ? answer : null;
    }

    /** Why the check gave no answer, null if it did (or is still running). */
    Exception failure() {
        return failure;
    }

    /**
     * Done with the check: after {@link #finish} nothing is left to do; before it, the content did not arrive whole
     * (a failed or stopped download) and the check stops at its next read, whatever it was doing with what it had
     * (an archive that inflates to far more than it weighs).
     */
    @Override
    public void close() {
        abandoned = true;
        end();
    }

    private void end() {
        if (!ended) {
            ended = true;
            // never blocks: at most CHUNKS chunks exist, and the queue holds one more
            full.add(END);
        }
    }

    /** The chunks handed over, as one stream; a chunk read is given back for the next write. */
    private final class Arriving extends InputStream {
        private Chunk chunk;
        private int position;
        private boolean atEnd;

        @Override
        public int read(byte[] into, int offset, int length) throws IOException {
            if (abandoned) {
                throw new InterruptedIOException("the content was abandoned");
            }
            if (length == 0) {
                return 0;
            }
            while (!atEnd && (chunk == null || position == chunk.length())) {
                if (chunk != null) {
                    free.add(chunk.bytes());
                    chunk = null;
                }
                Chunk next;
                try {
                    next = full.take();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new InterruptedIOException("check stopped while content arrived");
                }
                if (next == END) {
                    atEnd = true;
                } else {
                    chunk = next;
                    position = 0;
                }
            }
            if (atEnd) {
                return -1;
            }
            int n = Math.min(length, chunk.length() - position);
            System.arraycopy(chunk.bytes(), position, into, offset, n);
            position += n;
            return n;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
        }

        /** Reads what is left (a check may stop before the end), so the writer never waits for it. */
        void drain() {
            byte[] skipped = new byte[CHUNK];
            try {
                while (read(skipped, 0, skipped.length) >= 0) {
                    // discarded
                }
            } catch (IOException e) {
                // interrupted: the writer has ended or gave up
            }
        }
    }
}
