package io.trawl.worker.source;

import java.net.http.HttpHeaders;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads what a source's answer says about its limits: whether it pushed back and how (429, 503, a ban) and
 * what it counted and allows (used-weight headers, IETF {@code RateLimit} and {@code RateLimit-Policy},
 * {@code X-RateLimit-Remaining}).
 */
final class SourceAnswers {

    /** The longest ban Trawl believes: exchanges ban for minutes to days. */
    private static final Duration MAX_BAN = Duration.ofDays(3);

    private static final Pattern BAN_WORDS = Pattern.compile("\\bban(ned)?\\b", Pattern.CASE_INSENSITIVE);
    private static final Pattern BANNED_UNTIL = Pattern.compile("banned until (\\d{10,13})", Pattern.CASE_INSENSITIVE);
    private static final Pattern USED_WEIGHT = Pattern.compile("x-(?:mbx|sapi)-used-(?:ip-)?weight-(\\d+)([smhd])");
    private static final Pattern PARAM = Pattern.compile("(?:^|[;,\\s])(r|t|remaining|reset)=(\\d+)");
    /** One policy item's quota: {@code q=100} (draft 8 on), or the item's leading number (earlier drafts). */
    private static final Pattern QUOTA = Pattern.compile("(?:^|;)\\s*(?:q=)?(\\d+)\\s*(?:;|$)");

    private static final Pattern WINDOW = Pattern.compile(";\\s*w=(\\d+)");

    /** The longest policy window believed: a day, the longest window a source's limits may have. */
    private static final long MAX_WINDOW_SECONDS = 86_400;

    private SourceAnswers() {}

    /** The push-back an answer carries, if it is one; {@code body} is the start of its body (may be empty). */
    static Optional<PushBack> pushBack(int status, HttpHeaders headers, String body) {
        boolean saysBan = BAN_WORDS.matcher(body).find();
        if (status == 418 || (saysBan && (status == 403 || status == 429))) {
            Duration until =
                    Optional.ofNullable(RetryAfter.parse(headers, MAX_BAN)).orElseGet(() -> bannedUntil(body));
            return Optional.of(new PushBack(PushBack.Kind.BANNED, status, until, describe(status, until, body)));
        }
        if (status == 429 || status == 503) {
            Duration retryAfter = RetryAfter.parse(headers, RetryAfter.MAX);
            return Optional.of(new PushBack(
                    status == 429 ? PushBack.Kind.THROTTLED : PushBack.Kind.UNAVAILABLE,
                    status,
                    retryAfter,
                    describe(status, retryAfter, body)));
        }
        return Optional.empty();
    }

    /** A push-back of {@code kind} that the source's configuration declares {@code status} and {@code body} to be. */
    static PushBack declared(PushBack.Kind kind, int status, HttpHeaders headers, String body) {
        Duration after = kind == PushBack.Kind.BANNED
                ? Optional.ofNullable(RetryAfter.parse(headers, MAX_BAN)).orElseGet(() -> bannedUntil(body))
                : RetryAfter.parse(headers, RetryAfter.MAX);
        return new PushBack(kind, status, after, describe(status, after, body));
    }

    /** What the answer's headers report about the source's counters. */
    static List<ServerUsage> usage(HttpHeaders headers) {
        List<ServerUsage> usage = new ArrayList<>();
        for (Map.Entry<String, List<String>> header : headers.map().entrySet()) {
            Matcher used = USED_WEIGHT.matcher(header.getKey().toLowerCase(Locale.ROOT));
            if (used.matches() && !header.getValue().isEmpty()) {
                number(header.getValue().getFirst())
                        .ifPresent(w -> usage.add(ServerUsage.used(w, period(used.group(1), used.group(2)))));
            }
        }
        remaining(headers).ifPresent(usage::add);
        for (String policy : headers.allValues("RateLimit-Policy")) {
            usage.addAll(quotas(policy));
        }
        return usage;
    }

    /**
     * IETF {@code RateLimit-Policy}: a list of quota policies, {@code "default";q=100;w=60} (draft 8 on) or
     * {@code 100;w=60} (earlier drafts), each a quota per window of {@code w} seconds. An item without both, or
     * with a window of none or more than a day, says nothing.
     */
    static List<ServerUsage> quotas(String policy) {
        List<ServerUsage> quotas = new ArrayList<>();
        for (String item : policy.split(",")) {
            Matcher window = WINDOW.matcher(item);
            Matcher quota = QUOTA.matcher(item.replaceAll("\"[^\"]*\"", ""));
            if (!window.find() || !quota.find()) {
                continue;
            }
            try {
                long seconds = Long.parseLong(window.group(1));
                long allowed = Long.parseLong(quota.group(1));
                if (seconds >= 1 && seconds <= MAX_WINDOW_SECONDS) {
                    quotas.add(ServerUsage.quota(allowed, Duration.ofSeconds(seconds)));
                }
            } catch (NumberFormatException e) {
                // more digits than a long: not a quota anyone publishes
            }
        }
        return quotas;
    }

    /**
     * IETF {@code RateLimit: "default";r=50;t=30} (or the older {@code remaining=50, reset=30}, or separate
     * {@code RateLimit-Remaining}/{@code -Reset}), else {@code X-RateLimit-Remaining}/{@code -Reset} (seconds,
     * or a Unix time).
     */
    private static Optional<ServerUsage> remaining(HttpHeaders headers) {
        Optional<String> structured = headers.firstValue("RateLimit");
        Long remaining = null;
        Long reset = null;
        if (structured.isPresent()) {
            Matcher m = PARAM.matcher(structured.get());
            while (m.find()) {
                long value = Long.parseLong(m.group(2));
                if (m.group(1).startsWith("r") && !m.group(1).equals("reset")) {
                    remaining = remaining == null ? value : Math.min(remaining, value);
                } else {
                    reset = reset == null ? value : Math.max(reset, value);
                }
            }
        }
        for (String prefix : List.of("RateLimit-", "X-RateLimit-")) {
            if (remaining == null) {
                remaining = headers.firstValue(prefix + "Remaining")
                        .flatMap(SourceAnswers::number)
                        .orElse(null);
                reset = headers.firstValue(prefix + "Reset")
                        .flatMap(SourceAnswers::number)
                        .orElse(null);
            }
        }
        if (remaining == null || reset == null) {
            return Optional.empty();
        }
        long now = Instant.now().getEpochSecond();
        long seconds = reset > 1_000_000_000L ? Math.max(0, reset - now) : reset;
        return Optional.of(ServerUsage.remaining(remaining, Duration.ofSeconds(Math.min(seconds, 86_400))));
    }

    private static Duration bannedUntil(String body) {
        Matcher m = BANNED_UNTIL.matcher(body);
        if (!m.find()) {
            return null;
        }
        long value = Long.parseLong(m.group(1));
        Instant until = m.group(1).length() > 10 ? Instant.ofEpochMilli(value) : Instant.ofEpochSecond(value);
        Duration left = Duration.between(Instant.now(), until);
        return left.isNegative() ? Duration.ZERO : left.compareTo(MAX_BAN) > 0 ? MAX_BAN : left;
    }

    private static String describe(int status, Duration retryAfter, String body) {
        String shown = body.strip().replaceAll("\\s+", " ");
        shown = shown.length() > 160 ? shown.substring(0, 160) + "..." : shown;
        return status
                + (retryAfter == null ? "" : " Retry-After " + retryAfter.toSeconds() + "s")
                + (shown.isEmpty() ? "" : " " + shown);
    }

    private static Duration period(String count, String unit) {
        long n = Long.parseLong(count);
        return switch (unit) {
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> Duration.ofDays(n);
        };
    }

    private static Optional<Long> number(String value) {
        try {
            return Optional.of(Long.parseLong(value.strip()));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
