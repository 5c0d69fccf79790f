package io.trawl.messages;

import java.util.regex.Pattern;

/** Validation shared by the message records; failures name the field and the bad value. */
final class Require {

    private Require() {}

    static String text(String field, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(field + " must not be blank");
        }
        return value;
    }

    static String matching(String field, String value, Pattern pattern) {
        text(field, value);
        if (!pattern.matcher(value).matches()) {
            throw new IllegalArgumentException(field + " must match " + pattern + " but was '" + value + "'");
        }
        return value;
    }

    static <T> T present(String field, T value) {
        if (value == null) {
            throw new IllegalArgumentException(field + " must be present");
        }
        return value;
    }

    static long notNegative(String field, long value) {
        if (value < 0) {
            throw new IllegalArgumentException(field + " must be >= 0 but was " + value);
        }
        return value;
    }

    static int positive(String field, int value) {
        if (value < 1) {
            throw new IllegalArgumentException(field + " must be >= 1 but was " + value);
        }
        return value;
    }
}
