package io.trawl.orchestrator.security;

/** What an API key may do: a viewer reads, an operator also changes (submit, pause, resume, cancel, replay). */
public enum Role {
    VIEWER,
    OPERATOR;

    /** The Spring Security authority names this role holds; an operator is also a viewer. */
    String[] authorities() {
        return this == OPERATOR ? new String[] {"ROLE_VIEWER", "ROLE_OPERATOR"} : new String[] {"ROLE_VIEWER"};
    }
}
