package io.trawl.orchestrator.coverage;

import io.trawl.orchestrator.planning.StoredPartitions;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeMap;

/**
 * What is collected for one source's symbol: the stored months as ranges, and the gaps between them (or, when
 * a range is asked for, within it).
 *
 * @param source source id
 * @param symbol symbol
 * @param interval candle interval
 * @param partitions months stored
 * @param collected runs of consecutive stored months
 * @param gaps runs of consecutive missing months (neither stored nor known to have no data at the source)
 * @param noData runs of consecutive months the source was found to have no data for
 * @param partialMonths months not stored whole but as single days (they were still growing), with the days
 */
public record Coverage(
        String source,
        String symbol,
        String interval,
        int partitions,
        List<Span> collected,
        List<Span> gaps,
        List<Span> noData,
        List<PartialMonth> partialMonths) {

    /**
     * A month stored day by day.
     *
     * @param month the month
     * @param days days stored
     * @param through the last day stored
     */
    public record PartialMonth(YearMonth month, int days, LocalDate through) {}

    /**
     * Consecutive months.
     *
     * @param from first month
     * @param to last month, inclusive
     * @param months how many
     */
    public record Span(YearMonth from, YearMonth to, long months) {
        static Span of(YearMonth from, YearMonth to) {
            return new Span(from, to, java.time.temporal.ChronoUnit.MONTHS.between(from, to) + 1);
        }
    }

    /** Coverage of the stored months, with gaps between {@code from} and {@code to} (null: the stored span). */
    static Coverage of(
            String source, String symbol, String interval, StoredPartitions partitions, YearMonth from, YearMonth to) {
        SortedSet<YearMonth> stored = partitions.months();
        Map<YearMonth, List<LocalDate>> byMonth = new TreeMap<>();
        partitions.days().forEach(d -> byMonth.computeIfAbsent(YearMonth.from(d), m -> new ArrayList<>())
                .add(d));
        List<PartialMonth> partial = byMonth.entrySet().stream()
                .filter(e -> !stored.contains(e.getKey()))
                .map(e -> new PartialMonth(
                        e.getKey(), e.getValue().size(), e.getValue().getLast()))
                .toList();
        List<Span> collected = new ArrayList<>();
        List<Span> gaps = new ArrayList<>();
        List<Span> noData = new ArrayList<>();
        YearMonth start = from != null ? from : stored.isEmpty() ? null : stored.first();
        YearMonth end = to != null ? to : stored.isEmpty() ? null : stored.last();
        if (start != null && end != null && !end.isBefore(start)) {
            YearMonth runStart = start;
            List<Span> run = kind(start, stored, partitions.noData(), collected, gaps, noData);
            for (YearMonth m = start.plusMonths(1); !m.isAfter(end.plusMonths(1)); m = m.plusMonths(1)) {
                List<Span> here = m.isAfter(end) ? null : kind(m, stored, partitions.noData(), collected, gaps, noData);
                if (here != run) {
                    run.add(Span.of(runStart, m.minusMonths(1)));
                    runStart = m;
                    run = here;
                }
            }
        }
        int inRange = (int) stored.stream()
                .filter(m -> (start == null || !m.isBefore(start)) && (end == null || !m.isAfter(end)))
                .count();
        return new Coverage(source, symbol, interval, inRange, collected, gaps, noData, partial);
    }

    private static List<Span> kind(
            YearMonth month,
            SortedSet<YearMonth> stored,
            SortedSet<YearMonth> absent,
            List<Span> collected,
            List<Span> gaps,
            List<Span> noData) {
        return stored.contains(month) ? collected : absent.contains(month) ? noData : gaps;
    }
}
