package io.trawl.orchestrator.collection;

import static io.trawl.orchestrator.planning.InputBounds.excerpt;
import static io.trawl.orchestrator.planning.PlanningException.invalid;

import io.trawl.infra.TrawlProperties;
import io.trawl.messages.CollectTask;
import io.trawl.messages.Priority;
import io.trawl.orchestrator.OrchestratorProperties;
import io.trawl.orchestrator.planning.CollectionSpec;
import io.trawl.orchestrator.planning.PlanningException;
import io.trawl.orchestrator.planning.SymbolCatalog;
import io.trawl.orchestrator.planning.TimeBound;
import io.trawl.sources.MonthRange;
import io.trawl.sources.SourceDefinition;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.springframework.boot.convert.DurationStyle;

/** Checks a collection request against the configuration and catalog and turns it into a spec. */
public class RequestResolver {

    private static final Duration MAX_TIMEOUT = Duration.ofHours(6);
    private static final Pattern UNITLESS = Pattern.compile("[-+]?[0-9.]+");

    private final TrawlProperties trawl;
    private final OrchestratorProperties limits;
    private final SymbolCatalog catalog;
    private final Clock clock;

    public RequestResolver(TrawlProperties trawl, OrchestratorProperties limits, SymbolCatalog catalog, Clock clock) {
        this.trawl = trawl;
        this.limits = limits;
        this.catalog = catalog;
        this.clock = clock;
    }

    public CollectionSpec resolve(CollectionRequest request) {
        List<String> sources = sources(request.sources());
        String interval = interval(request.timeframe(), sources);
        // a snapshot (feed, page, file) is taken now whatever the range: such a job needs none
        boolean snapshotsOnly = sources.stream().allMatch(s -> trawl.source(s).snapshots());
        String month = java.time.YearMonth.now(clock.withZone(ZoneOffset.UTC)).toString();
        Instant from = TimeBound.parse("from", request.from() == null && snapshotsOnly ? month : request.from(), false);
        Instant until = TimeBound.parse("to", request.to() == null && snapshotsOnly ? month : request.to(), true);
        MonthRange months = months(from, until);
        List<String> symbols = symbols(request);
        Priority priority = request.priority() == null ? Priority.NORMAL : request.priority();
        Duration jobTimeout = timeout(request.timeout());
        Map<String, Duration> timeouts = new LinkedHashMap<>();
        sources.forEach(s -> timeouts.put(
                s, jobTimeout != null ? jobTimeout : trawl.source(s).timeout()));
        int pauseAfter =
                request.pauseAfterFailures() == null ? limits.pauseAfterFailures() : request.pauseAfterFailures();
        if (pauseAfter < 0) {
            throw invalid("pauseAfterFailures", "pauseAfterFailures must be >= 0 (0 = never) but was " + pauseAfter);
        }
        CollectionSpec spec = new CollectionSpec(
                sources,
                symbols,
                interval,
                months,
                from,
                until,
                priority,
                concurrency(request),
                jobTimeout,
                timeouts,
                pauseAfter,
                limits.toleratedFailureRatio(),
                request.mode() == CollectionRequest.Mode.INCREMENTAL);
        if (spec.taskCount() > limits.maxTasksPerJob()) {
            throw invalid(
                    "symbols",
                    "request would create " + spec.taskCount() + " tasks; the limit is " + limits.maxTasksPerJob()
                            + " (trawl.orchestrator.max-tasks-per-job)");
        }
        return spec;
    }

    private static Duration timeout(String text) {
        if (text == null) {
            return null;
        }
        Duration timeout;
        String shape = "timeout must be a duration with its unit, like 30s, 2m or PT30S, but was " + excerpt(text);
        if (UNITLESS.matcher(text.strip()).matches()) {
            throw invalid("timeout", shape);
        }
        try {
            timeout = DurationStyle.detectAndParse(text.strip());
        } catch (IllegalArgumentException e) {
            throw invalid("timeout", shape);
        }
        if (timeout.isNegative() || timeout.isZero() || timeout.compareTo(MAX_TIMEOUT) > 0) {
            throw invalid(
                    "timeout",
                    "timeout must be between 1ms and " + MAX_TIMEOUT.toHours() + "h but was " + excerpt(text));
        }
        return timeout;
    }

    private static int concurrency(CollectionRequest request) {
        Integer concurrency = request.concurrency();
        if (concurrency != null && concurrency < 0) {
            throw invalid("concurrency", "concurrency must be >= 0 (0 = no limit) but was " + concurrency);
        }
        if (Boolean.FALSE.equals(request.parallel())) {
            if (concurrency != null && concurrency != 1) {
                throw invalid(
                        "parallel",
                        "parallel=false runs one task at a time; it contradicts concurrency=" + concurrency);
            }
            return 1;
        }
        return concurrency == null ? 0 : concurrency;
    }

    private List<String> sources(List<String> requested) {
        if (requested == null || requested.isEmpty()) {
            throw invalid(
                    "sources",
                    "sources must name at least one source; configured: "
                            + new java.util.TreeSet<>(trawl.sources().keySet()));
        }
        Set<String> unique = new LinkedHashSet<>();
        for (String source : requested) {
            if (source == null || !trawl.sources().containsKey(source)) {
                throw invalid(
                        "sources",
                        "unknown source " + excerpt(source) + "; configured: "
                                + new java.util.TreeSet<>(trawl.sources().keySet()));
            }
            unique.add(source);
        }
        return List.copyOf(unique);
    }

    private String interval(String timeframe, List<String> sources) {
        String interval = timeframe == null ? trawl.source(sources.getFirst()).defaultInterval() : timeframe;
        for (String source : sources) {
            SourceDefinition definition = trawl.source(source);
            if (!definition.intervals().contains(interval)) {
                throw invalid(
                        "timeframe",
                        "source '" + source + "' does not offer timeframe " + excerpt(interval) + "; it offers "
                                + definition.intervals());
            }
        }
        return interval;
    }

    private MonthRange months(Instant start, Instant until) {
        YearMonth from = YearMonth.from(start.atOffset(ZoneOffset.UTC));
        YearMonth to = YearMonth.from(until.minusSeconds(1).atOffset(ZoneOffset.UTC));
        if (to.isBefore(from)) {
            throw invalid("to", "invalid range: to (" + to + ") is before from (" + from + ")");
        }
        if (!until.isAfter(start)) {
            throw invalid("to", "invalid range: to (" + until + ") is not after from (" + start + ")");
        }
        YearMonth current = YearMonth.now(clock);
        if (to.isAfter(current)) {
            throw invalid("to", "invalid range: to (" + to + ") is after the current month (" + current + ")");
        }
        MonthRange range = new MonthRange(from, to);
        if (range.size() > limits.maxMonths()) {
            throw invalid("from", "invalid range: " + range.size() + " months; the limit is " + limits.maxMonths());
        }
        return range;
    }

    private List<String> symbols(CollectionRequest request) {
        boolean explicit = request.symbols() != null && !request.symbols().isEmpty();
        boolean criteria = request.market() != null || request.sector() != null;
        if (explicit == criteria) {
            throw invalid("symbols", "give either symbols or market (with optional sector), not both or neither");
        }
        if (explicit) {
            Set<String> unique = new LinkedHashSet<>();
            for (String symbol : request.symbols()) {
                if (symbol == null || !CollectTask.SYMBOL.matcher(symbol).matches()) {
                    throw invalid("symbols", "symbol " + excerpt(symbol) + " must match " + CollectTask.SYMBOL);
                }
                unique.add(symbol);
            }
            return List.copyOf(unique);
        }
        if (request.market() == null) {
            throw invalid("market", "sector needs a market");
        }
        List<String> selected = catalog.select(request.market(), request.sector());
        if (selected.isEmpty()) {
            throw PlanningException.noSymbols(request.market(), request.sector());
        }
        return selected;
    }
}
