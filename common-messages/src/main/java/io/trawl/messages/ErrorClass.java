package io.trawl.messages;

/**
 * The error classes a {@code failed} event, a dead letter's {@code x-error-class} and a task's details carry, in
 * one place for the workers that raise them, the orchestrator that counts them and its Lua scripts (which read
 * them as {@code {{ErrorClass.TIMEOUT}}}). {@code HttpStatus<N>} is the only family: any other status.
 */
public final class ErrorClass {

    public static final String TIMEOUT = "Timeout";
    public static final String CANCELLED = "Cancelled";
    public static final String NOT_FOUND = "NotFound";
    public static final String NO_DATA = "NoData";
    public static final String RATE_LIMITED = "RateLimited";
    public static final String BANNED = "Banned";
    public static final String SOURCE_PAUSED = "SourcePaused";
    public static final String SOURCE_UNREACHABLE = "SourceUnreachable";
    public static final String CHECKSUM_MISMATCH = "ChecksumMismatch";
    public static final String BAD_CHECKSUM_SIDECAR = "BadChecksumSidecar";
    public static final String INVALID_DATA = "InvalidData";
    public static final String VALIDATION_FAILED = "ValidationFailed";
    public static final String BAD_REQUEST = "BadRequest";
    public static final String CREDENTIALS_REJECTED = "CredentialsRejected";
    public static final String INVALID_TASK = "InvalidTask";
    public static final String ROBOTS_DISALLOWED = "RobotsDisallowed";
    public static final String SELECTORS_MATCH_NOTHING = "SelectorsMatchNothing";
    public static final String UNKNOWN_SOURCE = "UnknownSource";
    public static final String STORAGE_UNAVAILABLE = "StorageUnavailable";
    public static final String UNVERIFIED_RESULT = "UnverifiedResult";

    /** Any other HTTP status {@code status} a source answered. */
    public static String httpStatus(int status) {
        return "HttpStatus" + status;
    }

    private ErrorClass() {}
}
