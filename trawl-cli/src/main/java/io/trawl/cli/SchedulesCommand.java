package io.trawl.cli;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import tools.jackson.databind.JsonNode;

/** {@code trawl schedules}: collections that run on a schedule. */
@Command(
        name = "schedules",
        mixinStandardHelpOptions = true,
        description = "List schedules; create, show, pause, resume or delete one",
        subcommands = {
            SchedulesCommand.Create.class,
            SchedulesCommand.Show.class,
            SchedulesCommand.Pause.class,
            SchedulesCommand.Resume.class,
            SchedulesCommand.Delete.class
        })
final class SchedulesCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    OrchestratorOption orchestrator;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        JsonNode schedules = orchestrator.client().get("/schedules");
        out.printf(
                "%-20s %-7s %-24s %-22s %6s %7s  %s%n", "ID", "STATE", "WHEN", "NEXT RUN", "RUNS", "SKIPPED", "NAME");
        for (JsonNode s : schedules) {
            out.printf(
                    "%-20s %-7s %-24s %-22s %6d %7d  %s%n",
                    s.path("id").asString(),
                    s.path("state").asString(),
                    when(s),
                    s.path("nextRunAt").asString("-"),
                    s.path("runs").asLong(),
                    s.path("skipped").asLong(),
                    s.path("name").asString(""));
        }
        out.flush();
        return 0;
    }

    static String when(JsonNode s) {
        return s.hasNonNull("cron")
                ? s.path("cron").asString() + " " + s.path("zone").asString()
                : "every " + s.path("every").asString();
    }

    static void print(PrintWriter out, JsonNode s) {
        out.printf(
                "Schedule %s (%s) %s: %s, missed runs: %s%s%n",
                s.path("id").asString(),
                s.path("name").asString("unnamed"),
                s.path("state").asString(),
                when(s),
                s.path("missedRuns").asString(),
                s.path("overlap").asBoolean() ? ", runs may overlap" : "");
        out.printf(
                "  next run %s; %d runs started, %d skipped; last job %s%n",
                s.path("nextRunAt").asString("-"),
                s.path("runs").asLong(),
                s.path("skipped").asLong(),
                s.path("lastJobId").asString("-"));
        for (JsonNode run : s.path("recentRuns")) {
            out.printf(
                    "  %s  %-26s %s%n",
                    run.path("dueAt").asString(),
                    run.path("jobId").asString("-"),
                    run.path("outcome").asString());
        }
        out.flush();
    }

    @Command(name = "create", mixinStandardHelpOptions = true, description = "Create a schedule")
    static final class Create implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Mixin
        OrchestratorOption orchestrator;

        @Option(names = "--name", description = "What the schedule is for")
        String name;

        @Option(names = "--sources", split = ",", required = true, description = "Source ids, comma separated")
        List<String> sources;

        @Option(names = "--symbols", split = ",", required = true, description = "Symbols, comma separated")
        List<String> symbols;

        @Option(names = "--from", description = "Start (month, date or date-time); default: each run's month")
        String from;

        @Option(names = "--to", description = "End; default: each run's month")
        String to;

        @Option(names = "--timeframe", description = "Candle interval, e.g. 1d")
        String timeframe;

        @Option(names = "--full", description = "Collect everything each run (default: incremental)")
        boolean full;

        @Option(names = "--timeout", description = "Per-attempt timeout of every task, e.g. 30s")
        String timeout;

        @Option(names = "--priority", defaultValue = "normal", description = "low, normal, high or urgent")
        String priority;

        @ArgGroup(exclusive = true, multiplicity = "1")
        When when;

        static final class When {
            @Option(names = "--every", description = "A fixed interval, e.g. 5m")
            String every;

            @Option(names = "--cron", description = "A cron expression of 5 or 6 fields, e.g. '0 9 * * MON-FRI'")
            String cron;
        }

        @Option(names = "--zone", defaultValue = "UTC", description = "Time zone of the cron, e.g. Asia/Kolkata")
        String zone;

        @Option(names = "--missed-runs", defaultValue = "run-once", description = "run-once or skip")
        String missedRuns;

        @Option(names = "--overlap", description = "Start a run even while the previous run's job has not ended")
        boolean overlap;

        @Override
        public Integer call() {
            Map<String, Object> collection = new LinkedHashMap<>();
            collection.put("sources", sources);
            collection.put("symbols", symbols);
            collection.put("from", from);
            collection.put("to", to);
            collection.put("timeframe", timeframe);
            collection.put("mode", full ? "FULL" : "INCREMENTAL");
            collection.put("timeout", timeout);
            collection.put("priority", priority.toUpperCase(Locale.ROOT));
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("name", name);
            body.put("collection", collection);
            body.put("every", when.every);
            body.put("cron", when.cron);
            body.put("zone", zone);
            body.put("missedRuns", missedRuns);
            body.put("overlap", overlap);
            print(spec.commandLine().getOut(), orchestrator.client().post("/schedules", body));
            return 0;
        }
    }

    /** A command on one schedule: its id, the orchestrator, and what to ask of it. */
    abstract static class OneSchedule implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        OrchestratorOption orchestrator;

        @Parameters(description = "Schedule id")
        String id;

        /** Asks the orchestrator about the schedule at {@code path}; answers what to print, or null. */
        abstract JsonNode ask(OrchestratorClient client, String path);

        @Override
        public Integer call() {
            JsonNode schedule = ask(orchestrator.client(), "/schedules/" + id);
            if (schedule == null) {
                spec.commandLine().getOut().printf("Schedule %s deleted%n", id);
                spec.commandLine().getOut().flush();
            } else {
                print(spec.commandLine().getOut(), schedule);
            }
            return 0;
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "Show a schedule and its latest runs")
    static final class Show extends OneSchedule {
        @Override
        JsonNode ask(OrchestratorClient client, String path) {
            return client.get(path);
        }
    }

    @Command(name = "pause", mixinStandardHelpOptions = true, description = "Pause a schedule: no run starts")
    static final class Pause extends OneSchedule {
        @Override
        JsonNode ask(OrchestratorClient client, String path) {
            return client.put(path + "/pause");
        }
    }

    @Command(
            name = "resume",
            mixinStandardHelpOptions = true,
            description = "Resume a schedule from now (runs due while paused are not made up for)")
    static final class Resume extends OneSchedule {
        @Override
        JsonNode ask(OrchestratorClient client, String path) {
            return client.put(path + "/resume");
        }
    }

    @Command(name = "delete", mixinStandardHelpOptions = true, description = "Delete a schedule (its jobs stay)")
    static final class Delete extends OneSchedule {
        @Override
        JsonNode ask(OrchestratorClient client, String path) {
            client.delete(path);
            return null;
        }
    }
}
