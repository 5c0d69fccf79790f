package io.trawl.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import tools.jackson.databind.JsonNode;

/** {@code trawl sources}: each source's state and rates; {@code pause}/{@code resume} one for the whole cluster. */
@Command(
        name = "sources",
        mixinStandardHelpOptions = true,
        description = "List the sources: state (active, paused, banned, cooling-down), configured, learned and"
                + " effective rates, 429s and bans",
        subcommands = {SourcesCommand.Pause.class, SourcesCommand.Resume.class})
final class SourcesCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    OrchestratorOption orchestrator;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        JsonNode sources = orchestrator.client().get("/sources");
        out.printf(
                "%-12s %-13s %10s %8s %10s %6s %5s  %s%n",
                "ID", "STATUS", "CONFIGURED", "LEARNED", "EFFECTIVE", "429s", "BANS", "UNTIL");
        for (JsonNode source : sources) {
            out.println(line(source));
        }
        out.flush();
        return 0;
    }

    static String line(JsonNode source) {
        JsonNode rates = source.path("rates");
        JsonNode state = source.path("state");
        String until =
                state.path("bannedUntil").asString(state.path("cooldownUntil").asString(""));
        String reason = state.path("banReason").asString("");
        JsonNode learned = rates.path("learned");
        return "%-12s %-13s %10s %8s %10s %6d %5d  %s"
                .formatted(
                        source.path("id").asString(),
                        state.path("status").asString(),
                        rate(rates.path("configured")),
                        learned.isNull() || learned.isMissingNode() ? "-" : rate(learned),
                        rate(rates.path("effective")),
                        state.path("throttles").asLong(),
                        state.path("bans").asLong(),
                        (until + (reason.isEmpty() ? "" : " (" + reason + ")")).strip());
    }

    private static String rate(JsonNode rate) {
        double value = rate.asDouble();
        return value == 0
                ? "none"
                : (value == Math.rint(value) ? Long.toString((long) value) : "%.2f".formatted(value)) + "/s";
    }

    /** What pause and resume share: one PUT, then the source's line. */
    abstract static class Switch implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Mixin
        OrchestratorOption orchestrator;

        @Parameters(arity = "1", description = "Source id")
        String id;

        abstract String action();

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            out.println(line(orchestrator.client().put("/sources/" + id + "/" + action())));
            out.flush();
            return 0;
        }
    }

    @Command(
            name = "pause",
            mixinStandardHelpOptions = true,
            description = "Pause a source for the whole cluster: no request to it leaves any worker until resumed")
    static final class Pause extends Switch {
        @Override
        String action() {
            return "pause";
        }
    }

    @Command(name = "resume", mixinStandardHelpOptions = true, description = "Resume a paused source")
    static final class Resume extends Switch {
        @Override
        String action() {
            return "resume";
        }
    }
}
