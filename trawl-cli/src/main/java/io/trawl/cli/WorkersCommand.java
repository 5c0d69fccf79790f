package io.trawl.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import tools.jackson.databind.JsonNode;

/** {@code trawl workers}: the live workers, what they run and have done. */
@Command(name = "workers", mixinStandardHelpOptions = true, description = "List the live workers")
final class WorkersCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    OrchestratorOption orchestrator;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        JsonNode workers = orchestrator.client().get("/workers");
        out.printf(
                "%-20s %-20s %-7s %9s %9s %6s  %s%n",
                "ID", "HOST", "STATE", "IN FLIGHT", "COMPLETED", "FAILED", "SOURCES");
        for (JsonNode worker : workers) {
            out.printf(
                    "%-20s %-20s %-7s %9d %9d %6d  %s%n",
                    worker.path("id").asString(),
                    worker.path("host").asString(),
                    worker.path("paused").asBoolean() ? "paused" : "running",
                    worker.path("inFlight").size(),
                    worker.path("completed").asLong(),
                    worker.path("failed").asLong(),
                    String.join(
                            ",",
                            worker.path("sources")
                                    .valueStream()
                                    .map(JsonNode::asString)
                                    .toList()));
        }
        out.flush();
        return 0;
    }
}
