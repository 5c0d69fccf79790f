package io.trawl.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import tools.jackson.databind.JsonNode;

/**
 * {@code trawl tasks --active}, {@code trawl tasks ID} or {@code trawl tasks ID --logs}: running tasks, one task's
 * details, or its log lines.
 */
@Command(name = "tasks", mixinStandardHelpOptions = true, description = "List the running tasks, or show one task")
final class TasksCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    OrchestratorOption orchestrator;

    @Option(names = "--active", description = "The tasks the workers run now")
    boolean active;

    @Option(names = "--logs", description = "With a task id: its log lines from the workers that ran it")
    boolean logs;

    @Parameters(arity = "0..1", description = "Task id")
    String id;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        OrchestratorClient client = orchestrator.client();
        if (id != null && logs) {
            for (JsonNode line : client.get("/tasks/" + id + "/logs").path("lines")) {
                out.printf(
                        "%s %-5s %-12s %s%n",
                        line.path("time").asString(),
                        line.path("level").asString(),
                        line.path("worker").asString(),
                        line.path("message").asString());
            }
        } else if (id != null) {
            client.get("/tasks/" + id)
                    .properties()
                    .forEach(e ->
                            out.printf("%-16s %s%n", e.getKey(), e.getValue().asString()));
        } else if (active) {
            JsonNode tasks = client.get("/tasks/active");
            out.printf("%-56s %-9s %-20s %8s%n", "TASK", "STATE", "WORKER", "ATTEMPT");
            for (JsonNode task : tasks) {
                out.printf(
                        "%-56s %-9s %-20s %8s%n",
                        task.path("taskId").asString(),
                        task.path("state").asString(),
                        task.path("runningOn").asString(),
                        task.path("attempts").asString("1"));
            }
        } else {
            throw new ParameterException(spec.commandLine(), "give a task id or --active");
        }
        out.flush();
        return 0;
    }
}
