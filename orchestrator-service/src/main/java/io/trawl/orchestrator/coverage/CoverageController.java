package io.trawl.orchestrator.coverage;

import static io.trawl.orchestrator.planning.InputBounds.excerpt;
import static io.trawl.orchestrator.planning.PlanningException.invalid;

import io.trawl.infra.TrawlProperties;
import io.trawl.messages.CollectTask;
import io.trawl.orchestrator.planning.InputBounds;
import io.trawl.sources.SourceDefinition;
import java.time.YearMonth;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.TreeSet;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /coverage}: collected ranges and gaps of one source's symbol, read from the object store. */
@RestController
public class CoverageController {

    static final int MAX_SYMBOLS = 5_000;
    static final int MAX_MONTHS = 240;

    private final CoverageReader reader;
    private final CoverageMatrixReader matrixReader;
    private final TrawlProperties trawl;

    public CoverageController(CoverageReader reader, CoverageMatrixReader matrixReader, TrawlProperties trawl) {
        this.reader = reader;
        this.matrixReader = matrixReader;
        this.trawl = trawl;
    }

    /**
     * What the source holds for many symbols × months: the console's heatmap. {@code symbols} (comma-separated,
     * at most {@value #MAX_SYMBOLS}) or every symbol with an object; {@code from}/{@code to} at most
     * {@value #MAX_MONTHS} months apart.
     */
    @GetMapping("/coverage/matrix")
    public CoverageMatrix matrix(
            @RequestParam String source,
            @RequestParam(required = false) String timeframe,
            @RequestParam YearMonth from,
            @RequestParam YearMonth to,
            @RequestParam(required = false) List<String> symbols) {
        SourceDefinition definition = definition(source);
        String interval = interval(source, definition, timeframe);
        InputBounds.month("from", from);
        InputBounds.month("to", to);
        if (to.isBefore(from)) {
            throw invalid("to", "invalid range: to (" + to + ") is before from (" + from + ")");
        }
        if (from.until(to, java.time.temporal.ChronoUnit.MONTHS) >= MAX_MONTHS) {
            throw invalid("to", "a matrix spans at most " + MAX_MONTHS + " months; " + from + " to " + to + " is more");
        }
        List<String> wanted = symbols == null
                ? List.of()
                : symbols.stream().filter(s -> !s.isBlank()).toList();
        if (wanted.size() > MAX_SYMBOLS) {
            throw invalid("symbols", "at most " + MAX_SYMBOLS + " symbols, not " + wanted.size());
        }
        wanted.forEach(symbol -> {
            if (!CollectTask.SYMBOL.matcher(symbol).matches()) {
                throw invalid("symbols", "symbol " + excerpt(symbol) + " must match " + CollectTask.SYMBOL);
            }
        });
        CoverageMatrix matrix = matrixReader.read(source, interval, from, to, wanted);
        if (matrix.symbols().size() > MAX_SYMBOLS) {
            throw invalid(
                    "symbols",
                    "the source holds " + matrix.symbols().size() + " symbols at " + interval + "; name at most "
                            + MAX_SYMBOLS);
        }
        return matrix;
    }

    @GetMapping("/coverage")
    public Coverage coverage(
            @RequestParam String source,
            @RequestParam String symbol,
            @RequestParam(required = false) String timeframe,
            @RequestParam(required = false) YearMonth from,
            @RequestParam(required = false) YearMonth to) {
        SourceDefinition definition = definition(source);
        if (!CollectTask.SYMBOL.matcher(symbol).matches()) {
            throw invalid("symbol", "symbol " + excerpt(symbol) + " must match " + CollectTask.SYMBOL);
        }
        String interval = interval(source, definition, timeframe);
        InputBounds.month("from", from);
        InputBounds.month("to", to);
        if (from != null && to != null && to.isBefore(from)) {
            throw invalid("to", "invalid range: to (" + to + ") is before from (" + from + ")");
        }
        return Coverage.of(source, symbol, interval, reader.collected(source, interval, symbol), from, to);
    }

    private SourceDefinition definition(String source) {
        try {
            return trawl.source(source);
        } catch (NoSuchElementException e) {
            throw invalid(
                    "source",
                    "unknown source " + excerpt(source) + "; configured: "
                            + new TreeSet<>(trawl.sources().keySet()));
        }
    }

    private static String interval(String source, SourceDefinition definition, String timeframe) {
        String interval = timeframe == null ? definition.defaultInterval() : timeframe;
        if (!definition.intervals().contains(interval)) {
            throw invalid(
                    "timeframe",
                    "source '" + source + "' does not offer timeframe " + excerpt(interval) + "; it offers "
                            + definition.intervals());
        }
        return interval;
    }
}
