package io.trawl.worker.pages;

import io.trawl.worker.WorkerProperties;
import io.trawl.worker.source.ProgressListener;
import io.trawl.worker.source.SourceFailure;
import io.trawl.worker.source.SourceHttp;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * The {@code robots.txt} of each site a page source fetches from, asked through the source's own limits and kept
 * for an hour (RFC 9309 allows a day). A missing one (any 4xx) allows everything; a 5xx or an unreachable site is a
 * transient failure: no page is fetched until the rules are known.
 */
@Component
class RobotsRules {

    static final Duration KEPT_FOR = Duration.ofHours(1);

    private record Known(RobotsTxt rules, Instant until) {}

    private final SourceHttp http;
    private final Clock clock;
    private final String productToken;
    private final Map<String, Known> bySite = new ConcurrentHashMap<>();

    RobotsRules(SourceHttp http, WorkerProperties properties, Clock clock) {
        this.http = http;
        this.clock = clock;
        this.productToken = productToken(properties.userAgent());
    }

    /** The name a robots.txt group must give to apply to Trawl: the user agent's product, e.g. {@code Trawl}. */
    static String productToken(String userAgent) {
        String product = userAgent.strip().split("[/ ]", 2)[0];
        return product.isEmpty() ? "Trawl" : product;
    }

    /** Throws {@link SourceFailure#robotsDisallowed} when the site's robots.txt disallows {@code url} for Trawl. */
    void check(String source, URI url, ProgressListener progress) {
        String site = url.getScheme() + "://" + url.getRawAuthority();
        Instant now = clock.instant();
        Known known = bySite.get(site);
        if (known == null || !now.isBefore(known.until())) {
            known = new Known(fetch(source, URI.create(site + "/robots.txt"), progress), now.plus(KEPT_FOR));
            bySite.put(site, known);
        }
        String path = (url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath())
                + (url.getRawQuery() == null ? "" : "?" + url.getRawQuery());
        String rule = known.rules().disallowingRule(path);
        if (rule != null) {
            throw SourceFailure.robotsDisallowed(url.toString(), site + "/robots.txt: " + rule);
        }
    }

    private RobotsTxt fetch(String source, URI robots, ProgressListener progress) {
        try {
            String text = http.send(
                            source,
                            http.get(robots),
                            HttpResponse.BodyHandlers.ofString(),
                            progress,
                            (u, status, body) -> status >= 400 && status < 500
                                    ? SourceFailure.noData(u, status + ": no robots.txt, everything allowed")
                                    : SourceFailure.httpStatus(u, status))
                    .body();
            return RobotsTxt.parse(text, productToken);
        } catch (SourceFailure e) {
            if (e.noData()) {
                return RobotsTxt.ALLOW_ALL;
            }
            throw e;
        }
    }
}
