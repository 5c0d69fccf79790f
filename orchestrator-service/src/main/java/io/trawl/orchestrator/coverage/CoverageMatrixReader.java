package io.trawl.orchestrator.coverage;

import io.trawl.infra.TrawlProperties;
import io.trawl.infra.storage.ObjectStore;
import io.trawl.messages.Partition;
import io.trawl.orchestrator.OrchestratorProperties;
import io.trawl.orchestrator.tracking.JobStore;
import io.trawl.sources.ObjectKeys;
import io.trawl.sources.SourceDefinition;
import java.time.Clock;
import java.time.Instant;
import java.time.YearMonth;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.stereotype.Component;

/**
 * Builds a {@link CoverageMatrix} from one listing of the source's objects at an interval (not one per symbol),
 * and the tasks that failed in the most recent jobs.
 */
@Component
public class CoverageMatrixReader {

    /** How many of the newest jobs are searched for failed tasks. */
    static final int RECENT_JOBS = 50;

    private final ObjectStore store;
    private final TrawlProperties trawl;
    private final JobStore jobs;
    private final OrchestratorProperties properties;
    private final Clock clock;

    public CoverageMatrixReader(
            ObjectStore store, TrawlProperties trawl, JobStore jobs, OrchestratorProperties properties, Clock clock) {
        this.store = store;
        this.trawl = trawl;
        this.jobs = jobs;
        this.properties = properties;
        this.clock = clock;
    }

    /**
     * The matrix of {@code symbols} (every symbol with an object, when empty) × the months {@code from} to
     * {@code to}.
     */
    public CoverageMatrix read(
            String source, String interval, YearMonth from, YearMonth to, Collection<String> symbols) {
        SourceDefinition definition = trawl.source(source);
        String prefix = source + "/" + definition.dataset() + "-" + interval + "/";
        int months = (int) from.until(to, ChronoUnit.MONTHS) + 1;
        Map<String, char[]> rows = new TreeMap<>();
        symbols.forEach(symbol -> rows.put(symbol, missing(months)));
        boolean anySymbol = symbols.isEmpty();
        Instant recheckBefore = clock.instant().minus(properties.noDataRecheckAfter());
        Map<String, Map<Integer, Long>> windowSeconds = new HashMap<>();
        for (ObjectStore.Listed object : store.listed(prefix)) {
            String rest = object.key().substring(prefix.length());
            int slash = rest.indexOf('/');
            if (slash < 0) {
                continue;
            }
            String symbol = rest.substring(0, slash);
            char[] row = anySymbol ? rows.computeIfAbsent(symbol, s -> missing(months)) : rows.get(symbol);
            if (row == null) {
                continue;
            }
            String symbolPrefix = prefix + symbol + "/";
            var stored = ObjectKeys.partitionOf(symbolPrefix, object.key(), definition.extension());
            var absent = ObjectKeys.partitionOf(symbolPrefix, object.key(), ObjectKeys.NO_DATA_EXTENSION);
            if (stored.isPresent()) {
                mark(row, from, months, stored.get(), windowSeconds.computeIfAbsent(symbol, s -> new HashMap<>()));
            } else if (absent.isPresent() && object.lastModified().isAfter(recheckBefore)) {
                int i = index(from, months, absent.get().month());
                if (i >= 0 && row[i] == CoverageMatrix.MISSING) {
                    row[i] = CoverageMatrix.NO_DATA;
                }
            }
        }
        for (String taskId : jobs.recentFailedTasks(RECENT_JOBS)) {
            failedCell(taskId, source, interval).ifPresent(cell -> {
                char[] row = rows.get(cell.symbol());
                int i = row == null ? -1 : index(from, months, cell.month());
                if (i >= 0 && (row[i] == CoverageMatrix.MISSING || row[i] == CoverageMatrix.PARTIAL)) {
                    row[i] = CoverageMatrix.FAILED;
                }
            });
        }
        List<String> texts = new ArrayList<>(rows.size());
        rows.values().forEach(row -> texts.add(new String(row)));
        return new CoverageMatrix(source, interval, from, to, List.copyOf(rows.keySet()), texts, CoverageMatrix.LEGEND);
    }

    /**
     * A month stored whole is collected; a day marks it partial; a window adds its seconds to each month it
     * overlaps, which is collected once its windows cover it.
     */
    private static void mark(char[] row, YearMonth from, int months, Partition partition, Map<Integer, Long> covered) {
        if (partition instanceof Partition.Window w) {
            YearMonth last = YearMonth.from(w.until().minusSeconds(1).atOffset(java.time.ZoneOffset.UTC));
            for (YearMonth m = w.month(); !m.isAfter(last); m = m.plusMonths(1)) {
                int i = index(from, months, m);
                if (i < 0 || row[i] == CoverageMatrix.COLLECTED) {
                    continue;
                }
                Partition.Month month = new Partition.Month(m);
                Instant start = w.from().isAfter(month.start()) ? w.from() : month.start();
                Instant end = w.until().isBefore(month.end()) ? w.until() : month.end();
                long seconds = covered.merge(i, start.until(end, ChronoUnit.SECONDS), Long::sum);
                row[i] = seconds >= month.start().until(month.end(), ChronoUnit.SECONDS)
                        ? CoverageMatrix.COLLECTED
                        : CoverageMatrix.PARTIAL;
            }
            return;
        }
        int i = index(from, months, partition.month());
        if (i >= 0 && row[i] != CoverageMatrix.COLLECTED) {
            row[i] = partition instanceof Partition.Month ? CoverageMatrix.COLLECTED : CoverageMatrix.PARTIAL;
        }
    }

    private record Cell(String symbol, YearMonth month) {}

    /** The symbol and month of a failed task of {@code source} at {@code interval}, from its id. */
    private static java.util.Optional<Cell> failedCell(String taskId, String source, String interval) {
        String marker = "." + source + ".";
        int at = taskId.indexOf(marker);
        String suffix = "." + interval + ".";
        int end = taskId.lastIndexOf(suffix);
        if (at < 0 || end <= at + marker.length()) {
            return java.util.Optional.empty();
        }
        String symbol = taskId.substring(at + marker.length(), end);
        return Partition.parse(taskId.substring(end + suffix.length())).map(p -> new Cell(symbol, p.month()));
    }

    private static int index(YearMonth from, int months, YearMonth month) {
        long i = from.until(month, ChronoUnit.MONTHS);
        return i < 0 || i >= months ? -1 : (int) i;
    }

    private static char[] missing(int months) {
        char[] row = new char[months];
        Arrays.fill(row, CoverageMatrix.MISSING);
        return row;
    }
}
