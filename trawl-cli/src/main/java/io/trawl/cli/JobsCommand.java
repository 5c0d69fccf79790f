package io.trawl.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import tools.jackson.databind.JsonNode;

/** {@code trawl jobs [ID]}: recent jobs, or one job's summary. */
@Command(name = "jobs", mixinStandardHelpOptions = true, description = "List recent jobs, or show one")
final class JobsCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    OrchestratorOption orchestrator;

    @Parameters(arity = "0..1", description = "Job id")
    String id;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        OrchestratorClient client = orchestrator.client();
        if (id != null) {
            Summary.print(out, client.get("/collections/" + id));
            return 0;
        }
        JsonNode jobs = client.get("/collections");
        out.printf("%-24s %-10s %8s %8s %8s  %s%n", "ID", "STATE", "TOTAL", "DONE", "FAILED", "CREATED");
        for (JsonNode job : jobs) {
            out.printf(
                    "%-24s %-10s %8d %8d %8d  %s%n",
                    job.path("id").asString(),
                    job.path("state").asString(),
                    job.path("total").asLong(),
                    job.path("succeeded").asLong(),
                    job.path("failed").asLong(),
                    job.path("createdAt").asString());
        }
        out.flush();
        return 0;
    }
}
