package io.trawl.messages;

/** What happened to a task; each kind has its own CloudEvents {@code type} per schema version. */
public enum EventKind {
    STARTED,
    PROGRESS,
    COMPLETED,
    FAILED,
    NO_DATA;

    /** Lower-case name used in routing keys and event types. */
    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
}
