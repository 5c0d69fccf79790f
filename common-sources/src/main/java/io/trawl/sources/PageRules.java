package io.trawl.sources;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * How to read a page of a {@code page} source ({@code trawl.sources.<id>.page}): which elements are items and
 * which of their parts are fields, as CSS selectors (jsoup's syntax), and whether the site's {@code robots.txt}
 * is honoured. Checked when a service starts; every problem is named.
 *
 * @param items CSS selector of one item on the page, e.g. {@code article.post}; empty = the page is stored raw only
 * @param fields each field of an item (name → {@code selector} for its text or {@code selector@attribute} for an
 *     attribute, resolved to an absolute URL for {@code href} and {@code src}; {@code @attribute} alone reads the
 *     item element itself), in order, e.g. {@code title: h2}, {@code link: a@href}
 * @param robotsTxt {@code honour} (default): a page the site's {@code robots.txt} disallows for Trawl is not
 *     fetched; {@code ignore}: the operator has the site's leave to collect it anyway
 */
public record PageRules(String items, Map<String, String> fields, String robotsTxt) {

    private static final Pattern FIELD_NAME = Pattern.compile("[a-z][a-z0-9_-]{0,39}");
    private static final Pattern ATTRIBUTE = Pattern.compile("[A-Za-z_:][A-Za-z0-9_:.-]{0,63}");

    /** Pages stored raw, robots.txt honoured. */
    public static final PageRules RAW = new PageRules(null, null, null);

    public PageRules {
        items = items == null ? "" : items.strip();
        fields = fields == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(fields));
        robotsTxt = robotsTxt == null ? "honour" : robotsTxt.strip().toLowerCase(Locale.ROOT);
        if (!robotsTxt.equals("honour") && !robotsTxt.equals("ignore")) {
            throw new IllegalArgumentException("page.robots-txt must be honour or ignore but was '" + robotsTxt + "'");
        }
        if (items.isEmpty() && !fields.isEmpty()) {
            throw new IllegalArgumentException("page.fields need page.items: the selector of one item");
        }
        if (!items.isEmpty() && fields.isEmpty()) {
            throw new IllegalArgumentException("page.items '" + items + "' needs page.fields: what to keep of each");
        }
        fields.forEach((name, spec) -> {
            if (!FIELD_NAME.matcher(name).matches()) {
                throw new IllegalArgumentException(
                        "page.fields: a field name must match " + FIELD_NAME + " but was '" + name + "'");
            }
            Field field = Field.of(spec);
            if (field.attribute() != null
                    && !ATTRIBUTE.matcher(field.attribute()).matches()) {
                throw new IllegalArgumentException(
                        "page.fields." + name + ": '" + field.attribute() + "' is no attribute name");
            }
        });
    }

    /** Whether items are extracted from the page (else it is stored raw only). */
    public boolean extracts() {
        return !items.isEmpty();
    }

    /** Whether the site's {@code robots.txt} decides which pages may be fetched. */
    public boolean honoursRobotsTxt() {
        return robotsTxt.equals("honour");
    }

    /**
     * One field of an item: the element its selector picks inside the item (the item itself when empty), and its
     * text or, when set, one of its attributes.
     */
    public record Field(String selector, String attribute) {

        /** Reads {@code selector}, {@code selector@attribute} or {@code @attribute}. */
        public static Field of(String spec) {
            String text = spec == null ? "" : spec.strip();
            int at = text.lastIndexOf('@');
            // an '@' inside brackets belongs to an attribute selector such as a[href*=@]
            if (at >= 0 && text.indexOf(']', at) < 0) {
                String attribute = text.substring(at + 1).strip();
                if (attribute.isEmpty()) {
                    throw new IllegalArgumentException("page field '" + spec + "' names no attribute after '@'");
                }
                return new Field(text.substring(0, at).strip(), attribute);
            }
            if (text.isEmpty()) {
                throw new IllegalArgumentException("a page field needs a selector or @attribute");
            }
            return new Field(text, null);
        }
    }
}
