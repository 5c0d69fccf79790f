package io.trawl.worker.pages;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A site's {@code robots.txt} as RFC 9309 reads it: the groups whose {@code user-agent} is the crawler's product
 * token (case-insensitive), else the {@code *} groups; within them the longest matching {@code allow} or
 * {@code disallow} rule decides, {@code allow} winning a tie; {@code *} matches any characters and {@code $} the end
 * of the path. No rule: allowed.
 */
final class RobotsTxt {

    /** Everything allowed: no robots.txt (4xx), or one without rules for Trawl. */
    static final RobotsTxt ALLOW_ALL = new RobotsTxt(List.of());

    /** The most of a robots.txt that is read (RFC 9309 asks for at least 500 KiB). */
    static final int MAX_CHARS = 512 * 1024;

    private record Rule(boolean allow, String pattern) {}

    private final List<Rule> rules;

    private RobotsTxt(List<Rule> rules) {
        this.rules = rules;
    }

    /** The rules of {@code text} that apply to the crawler named {@code productToken}, e.g. {@code Trawl}. */
    static RobotsTxt parse(String text, String productToken) {
        String token = productToken.toLowerCase(Locale.ROOT);
        List<Rule> mine = new ArrayList<>();
        List<Rule> anyone = new ArrayList<>();
        List<String> agents = new ArrayList<>();
        boolean inRules = false;
        boolean namedMe = false;
        String body = text.length() > MAX_CHARS ? text.substring(0, MAX_CHARS) : text;
        for (String raw : body.split("\r\n|\r|\n")) {
            int hash = raw.indexOf('#');
            String line = (hash >= 0 ? raw.substring(0, hash) : raw).strip();
            int colon = line.indexOf(':');
            if (colon <= 0) {
                continue;
            }
            String field = line.substring(0, colon).strip().toLowerCase(Locale.ROOT);
            String value = line.substring(colon + 1).strip();
            switch (field) {
                case "user-agent" -> {
                    if (inRules) {
                        agents.clear();
                        inRules = false;
                    }
                    agents.add(value.toLowerCase(Locale.ROOT));
                    namedMe |= value.equalsIgnoreCase(token);
                }
                case "allow", "disallow" -> {
                    inRules = true;
                    if (value.isEmpty()) {
                        continue; // an empty disallow allows everything: no rule
                    }
                    Rule rule = new Rule(field.equals("allow"), value);
                    if (agents.contains(token)) {
                        mine.add(rule);
                    }
                    if (agents.contains("*")) {
                        anyone.add(rule);
                    }
                }
                default -> {
                    // sitemap, crawl-delay and others do not decide access
                }
            }
        }
        // a group naming Trawl replaces the '*' groups, even when it has no rules
        return new RobotsTxt(List.copyOf(namedMe ? mine : anyone));
    }

    /**
     * The rule that disallows {@code pathAndQuery} (e.g. {@code /news/a?x=1}), as {@code disallow: <pattern>}, or
     * null when the path is allowed.
     */
    String disallowingRule(String pathAndQuery) {
        Rule best = null;
        for (Rule rule : rules) {
            if (matches(rule.pattern(), pathAndQuery)
                    && (best == null
                            || rule.pattern().length() > best.pattern().length()
                            || (rule.pattern().length() == best.pattern().length() && rule.allow()))) {
                best = rule;
            }
        }
        return best == null || best.allow() ? null : "disallow: " + best.pattern();
    }

    /** Matches a robots.txt path pattern: {@code *} any characters, a final {@code $} the end. */
    static boolean matches(String pattern, String path) {
        boolean anchored = pattern.endsWith("$");
        String p = anchored ? pattern.substring(0, pattern.length() - 1) : pattern;
        return matchFrom(p, 0, path, 0, anchored);
    }

    private static boolean matchFrom(String p, int pi, String s, int si, boolean anchored) {
        while (pi < p.length()) {
            char c = p.charAt(pi);
            if (c == '*') {
                while (pi < p.length() && p.charAt(pi) == '*') {
                    pi++;
                }
                if (pi == p.length()) {
                    return true;
                }
                for (int k = si; k <= s.length(); k++) {
                    if (matchFrom(p, pi, s, k, anchored)) {
                        return true;
                    }
                }
                return false;
            }
            if (si >= s.length() || s.charAt(si) != c) {
                return false;
            }
            pi++;
            si++;
        }
        return !anchored || si == s.length();
    }
}
