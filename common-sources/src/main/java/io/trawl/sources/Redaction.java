package io.trawl.sources;

import java.util.regex.Pattern;

/**
 * Takes credentials out of text that names a source URL before it is shown anywhere (failures, events, task
 * logs, dead-letter headers, API answers): every query parameter's value and any user info become {@code ***}.
 * A source's credentials ride in its URL template ({@code ?apikey=...}); its public parts (host, path, symbol,
 * month) stay readable.
 */
public final class Redaction {

    private static final Pattern QUERY_VALUE = Pattern.compile("([?&][^=&#\\s\"'<>]+=)[^&#\\s\"'<>]+");
    private static final Pattern USER_INFO = Pattern.compile("(://)[^/@\\s\"'<>]+@");

    private Redaction() {}

    /** {@code text} with every URL's query values and user info replaced by {@code ***}. */
    public static String redact(String text) {
        if (text == null || (text.indexOf('=') < 0 && text.indexOf('@') < 0)) {
            return text;
        }
        String withoutUsers = USER_INFO.matcher(text).replaceAll("$1***@");
        return QUERY_VALUE.matcher(withoutUsers).replaceAll("$1***");
    }
}
