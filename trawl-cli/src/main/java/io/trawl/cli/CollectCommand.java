package io.trawl.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.locks.LockSupport;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import tools.jackson.databind.JsonNode;

/** {@code trawl collect}: starts a collection, shows live progress and ends with the per-source summary. */
@Command(
        name = "collect",
        mixinStandardHelpOptions = true,
        description = "Start a collection and follow it to the end. Exit code 0 only if the job COMPLETED"
                + " (and, with --verify, every stored object checked out); 1 if it ended otherwise; 3 if it"
                + " paused itself (too many failures).")
final class CollectCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    OrchestratorOption orchestrator;

    @Option(names = "--sources", split = ",", required = true, description = "Source ids, comma separated")
    List<String> sources;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Selection selection;

    static final class Selection {
        @Option(names = "--symbols", split = ",", description = "Symbols, comma separated")
        List<String> symbols;

        @ArgGroup(exclusive = false)
        Criteria criteria;
    }

    static final class Criteria {
        @Option(names = "--market", required = true, description = "Catalog market, e.g. crypto")
        String market;

        @Option(names = "--sector", description = "Catalog sector within the market, e.g. defi")
        String sector;
    }

    @Option(
            names = "--from",
            description = "Start: a month YYYY-MM, a date YYYY-MM-DD or a date-time YYYY-MM-DDTHH:MM[:SS][Z|+hh:mm]"
                    + " (windowed sources such as REST candles start exactly there); not needed when every source"
                    + " takes snapshots (feeds, pages, files)")
    String from;

    @Option(names = "--to", description = "End: a month or date (inclusive) or a date-time (exclusive)")
    String to;

    @Option(names = "--timeframe", description = "Candle interval, e.g. 1d")
    String timeframe;

    @Option(names = "--priority", defaultValue = "normal", description = "low, normal, high or urgent")
    String priority;

    @Option(
            names = "--parallel",
            negatable = true,
            defaultValue = "true",
            description = "--no-parallel runs the job's tasks one at a time across the cluster")
    boolean parallel;

    @Option(names = "--concurrency", description = "Most of the job's tasks running at once across the cluster")
    Integer concurrency;

    @Option(
            names = "--incremental",
            description =
                    "Collect only what the object store does not hold yet (and the new days of the current month)")
    boolean incremental;

    @Option(
            names = "--timeout",
            description = "Per-attempt timeout of every task, e.g. 30s or 2m (default: each source's)")
    String timeout;

    @Option(names = "--verify", description = "Re-read and hash every stored object at the end")
    boolean verify;

    @Option(names = "--poll", defaultValue = "500ms", description = "Progress refresh, e.g. 500ms")
    String poll;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        OrchestratorClient client = orchestrator.client();
        JsonNode job = client.post("/collections", body());
        String id = job.path("id").asString();
        out.printf(
                "Job %s: %d tasks (%d symbols x %s..%s x %d sources), priority %s%n",
                id,
                job.path("total").asLong(),
                job.path("symbols").asInt(),
                job.path("from").asString(),
                job.path("to").asString(),
                sources.size(),
                job.path("priority").asString());
        ProgressView view = new ProgressView(out, System.console() != null && System.getenv("NO_COLOR") == null);
        Duration interval = duration(poll);
        while (!ProgressView.ended(job)) {
            view.show(job);
            if (pausedItself(job)) {
                out.printf(
                        "%nJob %s paused itself: %s%nFix the cause, then `trawl resume %s` (or `trawl cancel %s`).%n",
                        id, job.path("pauseReason").asString(), id, id);
                out.flush();
                return 3;
            }
            LockSupport.parkNanos(interval.toNanos());
            job = client.get("/collections/" + id);
        }
        view.show(job);
        Summary.print(out, job);
        boolean ok = "COMPLETED".equals(job.path("state").asString());
        if (verify) {
            ok &= Summary.printVerification(out, client.post("/collections/" + id + "/verification", Map.of()));
        }
        return ok ? 0 : 1;
    }

    /** A job the orchestrator paused (too many failures), not one an operator paused: nobody will resume it. */
    private static boolean pausedItself(JsonNode job) {
        return "PAUSED".equals(job.path("state").asString())
                && !"paused by an operator".equals(job.path("pauseReason").asString(""));
    }

    private Map<String, Object> body() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("sources", sources);
        if (selection.symbols != null) {
            body.put("symbols", selection.symbols);
        } else {
            body.put("market", selection.criteria.market);
            body.put("sector", selection.criteria.sector);
        }
        body.put("from", from == null ? null : bound("--from", from));
        body.put("to", to == null ? null : bound("--to", to));
        body.put("timeframe", timeframe);
        body.put("priority", priority.toUpperCase(Locale.ROOT));
        body.put("parallel", parallel);
        body.put("concurrency", concurrency);
        body.put("mode", incremental ? "INCREMENTAL" : "FULL");
        body.put("timeout", timeout);
        return body;
    }

    /** A month, a date or a date-time, checked here so a typo is named before anything is sent. */
    private String bound(String option, String value) {
        try {
            if (value.length() == 7) {
                return YearMonth.parse(value).toString();
            }
            if (value.length() == 10) {
                return LocalDate.parse(value).toString();
            }
            return value.matches(".*(Z|[+-][0-9]{2}:?[0-9]{2})$")
                    ? value
                    : LocalDateTime.parse(value).toString();
        } catch (DateTimeParseException e) {
            throw new ParameterException(
                    spec.commandLine(),
                    option + " must be a month YYYY-MM, a date YYYY-MM-DD or a date-time YYYY-MM-DDTHH:MM[:SS]"
                            + " but was '" + value + "'");
        }
    }

    private Duration duration(String value) {
        try {
            return Duration.parse(
                    "PT" + value.toUpperCase(Locale.ROOT).replace("MS", "").replaceAll("^(\\d+)$", "0.$1S"));
        } catch (DateTimeParseException e) {
            throw new ParameterException(
                    spec.commandLine(), "--poll must look like 500ms or 2s but was '" + value + "'");
        }
    }
}
