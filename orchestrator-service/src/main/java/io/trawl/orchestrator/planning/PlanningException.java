package io.trawl.orchestrator.planning;

/** A collection request that cannot be planned; the message names the problem for the caller. */
public final class PlanningException extends RuntimeException {

    /** What kind of problem, which decides the HTTP status. */
    public enum Kind {
        /** The request itself is wrong (unknown source, bad range, bad symbol). */
        INVALID_REQUEST,
        /** The request is well-formed but selects nothing to collect. */
        NOTHING_TO_COLLECT
    }

    private final Kind kind;
    private final String field;

    private PlanningException(Kind kind, String field, String message) {
        super(message);
        this.kind = kind;
        this.field = field;
    }

    public static PlanningException invalid(String field, String message) {
        return new PlanningException(Kind.INVALID_REQUEST, field, message);
    }

    public static PlanningException noSymbols(String market, String sector) {
        return new PlanningException(
                Kind.NOTHING_TO_COLLECT,
                "market",
                "No symbols found matching criteria market=" + market + (sector == null ? "" : ", sector=" + sector));
    }

    public static PlanningException allCollected(long partitions) {
        return new PlanningException(
                Kind.NOTHING_TO_COLLECT,
                "mode",
                "All data already collected: the " + partitions
                        + " partitions requested are in the object store (use mode FULL to fetch them again)");
    }

    public Kind kind() {
        return kind;
    }

    /** The request field at fault. */
    public String field() {
        return field;
    }
}
