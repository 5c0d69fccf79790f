package io.trawl.orchestrator.coverage;

import static io.trawl.orchestrator.planning.InputBounds.excerpt;
import static io.trawl.orchestrator.planning.PlanningException.invalid;

import io.trawl.infra.TrawlProperties;
import io.trawl.messages.CollectTask;
import io.trawl.orchestrator.planning.InputBounds;
import io.trawl.sources.SourceDefinition;
import java.time.YearMonth;
import java.util.NoSuchElementException;
import java.util.TreeSet;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /coverage}: collected ranges and gaps of one source's symbol, read from the object store. */
@RestController
public class CoverageController {

    private final CoverageReader reader;
    private final TrawlProperties trawl;

    public CoverageController(CoverageReader reader, TrawlProperties trawl) {
        this.reader = reader;
        this.trawl = trawl;
    }

    @GetMapping("/coverage")
    public Coverage coverage(
            @RequestParam String source,
            @RequestParam String symbol,
            @RequestParam(required = false) String timeframe,
            @RequestParam(required = false) YearMonth from,
            @RequestParam(required = false) YearMonth to) {
        SourceDefinition definition;
        try {
            definition = trawl.source(source);
        } catch (NoSuchElementException e) {
            throw invalid(
                    "source",
                    "unknown source " + excerpt(source) + "; configured: "
                            + new TreeSet<>(trawl.sources().keySet()));
        }
        if (!CollectTask.SYMBOL.matcher(symbol).matches()) {
            throw invalid("symbol", "symbol " + excerpt(symbol) + " must match " + CollectTask.SYMBOL);
        }
        String interval = timeframe == null ? definition.defaultInterval() : timeframe;
        if (!definition.intervals().contains(interval)) {
            throw invalid(
                    "timeframe",
                    "source '" + source + "' does not offer timeframe " + excerpt(interval) + "; it offers "
                            + definition.intervals());
        }
        InputBounds.month("from", from);
        InputBounds.month("to", to);
        if (from != null && to != null && to.isBefore(from)) {
            throw invalid("to", "invalid range: to (" + to + ") is before from (" + from + ")");
        }
        return Coverage.of(source, symbol, interval, reader.collected(source, interval, symbol), from, to);
    }
}
