package io.trawl.worker.source;

/**
 * A task attempt that failed because of the source or its data. {@link #retryable()} (transient) failures
 * (timeouts, connection errors, 5xx, 429) may succeed on another attempt; the permanent others (404, checksum
 * mismatch, unparseable data, failed validation) never will, and nothing is stored for them.
 */
public final class SourceFailure extends RuntimeException {

    /** Error class of an attempt stopped by its timeout. */
    public static final String TIMEOUT = "Timeout";

    private final String errorClass;
    private final boolean retryable;
    private final boolean throttled;

    private SourceFailure(String errorClass, String message, boolean retryable, Throwable cause) {
        this(errorClass, message, retryable, false, cause);
    }

    private SourceFailure(String errorClass, String message, boolean retryable, boolean throttled, Throwable cause) {
        super(message, cause);
        this.errorClass = errorClass;
        this.retryable = retryable;
        this.throttled = throttled;
    }

    /** Whether a status means the source pushes back (429, 503) rather than the request being wrong. */
    static boolean isPushBack(int status) {
        return status == 429 || status == 503;
    }

    public static SourceFailure checksumMismatch(String url, String expected, String actual) {
        return new SourceFailure(
                "ChecksumMismatch",
                "sha256 of " + url + " is " + actual + " but its checksum sidecar says " + expected,
                false,
                null);
    }

    public static SourceFailure badChecksumSidecar(String url, String content) {
        String shown = content.length() > 80 ? content.substring(0, 80) + "..." : content;
        return new SourceFailure(
                "BadChecksumSidecar",
                "checksum sidecar " + url + " holds no sha256: '" + shown.strip() + "'",
                false,
                null);
    }

    public static SourceFailure httpStatus(String url, int status) {
        boolean retryable = status == 429 || status == 408 || status >= 500;
        String errorClass =
                switch (status) {
                    case 404 -> "NotFound";
                    case 429 -> "RateLimited";
                    default -> "HttpStatus" + status;
                };
        return new SourceFailure(errorClass, "GET " + url + " answered " + status, retryable, isPushBack(status), null);
    }

    public static SourceFailure io(String url, Exception cause) {
        return new SourceFailure(
                "SourceUnreachable",
                "GET " + url + " failed: " + cause.getClass().getSimpleName() + ": " + cause.getMessage(),
                true,
                cause);
    }

    public static SourceFailure invalidData(String url, String problem) {
        return new SourceFailure("InvalidData", url + ": " + problem, false, null);
    }

    /** The data parses but breaks OHLCV sense (see {@link ArchiveInspector}); never stored. */
    public static SourceFailure validation(String url, String problem) {
        return new SourceFailure("ValidationFailed", url + ": " + problem, false, null);
    }

    /** The attempt took longer than its timeout and was stopped; another attempt may be quicker. */
    public static SourceFailure timeout(java.time.Duration timeout) {
        return new SourceFailure(
                TIMEOUT, "no result within " + timeout.toSeconds() + "s; the attempt was stopped", true, null);
    }

    /** Stable name of the failure, e.g. {@code ChecksumMismatch}. */
    public String errorClass() {
        return errorClass;
    }

    public boolean retryable() {
        return retryable;
    }

    /** Whether the source pushed back (429 or 503): the retry waits for the cluster-wide pause, not a back-off. */
    public boolean throttled() {
        return throttled;
    }
}
