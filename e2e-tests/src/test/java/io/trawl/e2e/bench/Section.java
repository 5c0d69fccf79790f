package io.trawl.e2e.bench;

import java.util.List;

/**
 * What one benchmark measured: its part of docs/benchmarks.md and of the chart.
 *
 * @param key short name, as given to {@code --only}
 * @param title heading
 * @param setup how it was run, in a sentence or two
 * @param table a Markdown table of the figures (header, separator and rows)
 * @param summary the one line it also prints, starting with {@code BENCH}
 * @param chartTitle title of its chart panel
 * @param unit unit of the bars
 * @param bars the figures drawn in its chart panel
 * @param logScale whether the panel's scale is logarithmic (figures of different magnitudes)
 */
record Section(
        String key,
        String title,
        String setup,
        List<String> table,
        String summary,
        String chartTitle,
        String unit,
        List<Bar> bars,
        boolean logScale) {

    /** One bar of a chart panel. */
    record Bar(String label, double value) {}
}
