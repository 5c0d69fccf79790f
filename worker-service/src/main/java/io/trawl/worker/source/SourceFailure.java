package io.trawl.worker.source;

import io.trawl.messages.ErrorClass;
import io.trawl.sources.Redaction;
import java.time.Duration;

/**
 * A task attempt that failed because of the source or its data. {@link #retryable()} (transient) failures
 * (timeouts, connection errors, 5xx, 429) may succeed on another attempt; the permanent others (404, checksum
 * mismatch, unparseable data, failed validation) never will, and nothing is stored for them.
 */
public final class SourceFailure extends RuntimeException {

    /** Error class of an attempt stopped by its timeout. */
    public static final String TIMEOUT = ErrorClass.TIMEOUT;

    private final String errorClass;
    private final boolean retryable;
    private final boolean throttled;
    private final Duration pausedFor;

    private SourceFailure(String errorClass, String message, boolean retryable, Throwable cause) {
        this(errorClass, message, retryable, false, cause, null);
    }

    private SourceFailure(
            String errorClass,
            String message,
            boolean retryable,
            boolean throttled,
            Throwable cause,
            Duration pausedFor) {
        // a source's credentials ride in its URL: no failure message ever carries them
        super(Redaction.redact(message), cause);
        this.errorClass = errorClass;
        this.retryable = retryable;
        this.throttled = throttled;
        this.pausedFor = pausedFor;
    }

    /**
     * The source is paused cluster-wide (after a push-back, a ban, or by an operator) for longer than a request
     * waits in the gate: not an attempt of the task; its runner waits for the pause outside the task's timeout
     * and tries again.
     *
     * @param pause how long it stays paused, or null while an operator holds it
     */
    public static SourceFailure paused(String source, Duration pause) {
        return new SourceFailure(
                ErrorClass.SOURCE_PAUSED,
                "source " + source + " is paused "
                        + (pause == null ? "by an operator" : "for another " + pause.toMillis() + " ms"),
                true,
                true,
                null,
                pause == null ? Duration.ofSeconds(1) : pause);
    }

    /** The source banned Trawl (418, or a 403/429 that says so): a pause of the source, never the task's fault. */
    public static SourceFailure banned(String url, PushBack pushBack) {
        return new SourceFailure(
                ErrorClass.BANNED, "GET " + url + " answered " + pushBack.reason(), true, true, null, null);
    }

    /**
     * The source pushed back (429, 503, or an answer its configuration declares a throttle): transient, retried
     * after the cluster-wide pause it set.
     */
    public static SourceFailure pushedBack(String url, PushBack pushBack) {
        String errorClass = pushBack.status() == 503
                ? ErrorClass.httpStatus(503)
                : pushBack.status() == 429 ? ErrorClass.RATE_LIMITED : ErrorClass.httpStatus(pushBack.status());
        return new SourceFailure(errorClass, "GET " + url + " answered " + pushBack.reason(), true, true, null, null);
    }

    public static SourceFailure checksumMismatch(String url, String expected, String actual) {
        return new SourceFailure(
                ErrorClass.CHECKSUM_MISMATCH,
                "sha256 of " + url + " is " + actual + " but its checksum sidecar says " + expected,
                false,
                null);
    }

    public static SourceFailure badChecksumSidecar(String url, String content) {
        String shown = content.length() > 80 ? content.substring(0, 80) + "..." : content;
        return new SourceFailure(
                ErrorClass.BAD_CHECKSUM_SIDECAR,
                "checksum sidecar " + url + " holds no sha256: '" + shown.strip() + "'",
                false,
                null);
    }

    public static SourceFailure httpStatus(String url, int status) {
        boolean retryable = status == 429 || status == 408 || status >= 500;
        String errorClass =
                switch (status) {
                    case 404 -> ErrorClass.NOT_FOUND;
                    case 429 -> ErrorClass.RATE_LIMITED;
                    default -> ErrorClass.httpStatus(status);
                };
        return new SourceFailure(
                errorClass,
                "GET " + url + " answered " + status,
                retryable,
                status == 429 || status == 503,
                null,
                null);
    }

    public static SourceFailure io(String url, Exception cause) {
        return new SourceFailure(
                ErrorClass.SOURCE_UNREACHABLE,
                "GET " + url + " failed: " + cause.getClass().getSimpleName() + ": " + cause.getMessage(),
                true,
                cause);
    }

    public static SourceFailure invalidData(String url, String problem) {
        return new SourceFailure(ErrorClass.INVALID_DATA, url + ": " + problem, false, null);
    }

    /** The source answered that it has nothing for the partition (e.g. no candles in a window). */
    public static SourceFailure noData(String url, String answer) {
        return new SourceFailure(ErrorClass.NO_DATA, "GET " + url + " answered " + answer, false, null);
    }

    /** The source refused the request as malformed, in its own words; asking again changes nothing. */
    public static SourceFailure badRequest(String url, int status, String apiMessage) {
        return new SourceFailure(
                ErrorClass.BAD_REQUEST, "GET " + url + " answered " + status + ": " + apiMessage, false, null);
    }

    /**
     * The source refused the credentials: permanent, and the source is paused cluster-wide until an operator
     * resumes it, so no worker keeps sending with a key the source rejects.
     */
    public static SourceFailure credentialsRejected(String url, int status, String apiMessage) {
        return new SourceFailure(
                ErrorClass.CREDENTIALS_REJECTED,
                "GET " + url + " answered " + status + ": " + apiMessage
                        + "; the source is paused until an operator resumes it",
                false,
                null);
    }

    /** The task asks for something its source's connector cannot fetch (a partition of another kind). */
    public static SourceFailure invalidTask(String problem) {
        return new SourceFailure(ErrorClass.INVALID_TASK, problem, false, null);
    }

    /**
     * The site's {@code robots.txt} disallows the page for Trawl: never fetched, unless the operator overrides it
     * for the source ({@code page.robots-txt: ignore}).
     */
    public static SourceFailure robotsDisallowed(String url, String rule) {
        return new SourceFailure(
                ErrorClass.ROBOTS_DISALLOWED,
                url + " is disallowed by its site's robots.txt (" + rule
                        + "); not fetched (page.robots-txt: ignore overrides it when the site allows Trawl)",
                false,
                null);
    }

    /**
     * A page's selectors match nothing on it (its layout changed, or the selectors are wrong): reported, never
     * stored as an empty result.
     */
    public static SourceFailure selectorsMatchNothing(String url, String problem) {
        return new SourceFailure(ErrorClass.SELECTORS_MATCH_NOTHING, url + ": " + problem, false, null);
    }

    /** The data parses but breaks OHLCV sense (see {@link OhlcvRules}); never stored. */
    public static SourceFailure validation(String url, String problem) {
        return new SourceFailure(ErrorClass.VALIDATION_FAILED, url + ": " + problem, false, null);
    }

    /**
     * The attempt took longer than its timeout and was stopped. Another attempt at a range of history may be
     * quicker; a snapshot (a feed, a page) is not retried: the source's run ends as timed out while the job's other
     * sources finish, and the next run takes a new snapshot.
     */
    public static SourceFailure timeout(Duration timeout, boolean snapshot) {
        return new SourceFailure(
                TIMEOUT,
                "timed out after " + seconds(timeout) + "; the attempt was stopped"
                        + (snapshot ? " (a snapshot is taken again on the next run, not retried)" : ""),
                !snapshot,
                null);
    }

    private static String seconds(Duration d) {
        return d.toMillis() % 1000 == 0
                ? d.toSeconds() + "s"
                : String.format(java.util.Locale.ROOT, "%.1fs", d.toMillis() / 1000.0);
    }

    /** Stable name of the failure, e.g. {@code ChecksumMismatch}. */
    public String errorClass() {
        return errorClass;
    }

    public boolean retryable() {
        return retryable;
    }

    /** Whether the source pushed back (429, 503, a ban): the retry waits for the cluster-wide pause, not a back-off. */
    public boolean throttled() {
        return throttled;
    }

    /**
     * Whether the source answered that it has nothing for the partition (404): a month before the symbol was
     * listed, or a symbol it does not know. Not a failure of the task: it ends as "no data at the source".
     */
    public boolean noData() {
        return ErrorClass.NOT_FOUND.equals(errorClass) || ErrorClass.NO_DATA.equals(errorClass);
    }

    /** How long the source stays paused when this is a {@link #paused} failure, else null. */
    public Duration pausedFor() {
        return pausedFor;
    }
}
