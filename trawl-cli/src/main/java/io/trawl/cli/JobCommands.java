package io.trawl.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import tools.jackson.databind.JsonNode;

/** {@code trawl pause|resume|cancel}: change a running job (or, for cancel, one task). */
final class JobCommands {

    private JobCommands() {}

    /** What the three commands share: one PUT, then the job's (or task's) new state on one line. */
    abstract static class JobCommand implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Mixin
        OrchestratorOption orchestrator;

        @Parameters(arity = "1", description = "Job id")
        String id;

        abstract String action();

        String path() {
            return "/collections/" + id + "/" + action();
        }

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            JsonNode result = orchestrator.client().put(path());
            out.printf("%s %s%s%n", id, result.path("state").asString(), reason(result));
            out.flush();
            return 0;
        }

        private static String reason(JsonNode result) {
            String reason = result.path("pauseReason").asString("");
            return reason.isEmpty() ? "" : " (" + reason + ")";
        }
    }

    @Command(
            name = "pause",
            mixinStandardHelpOptions = true,
            description = "Pause a job: queued tasks wait, running ones finish")
    static final class Pause extends JobCommand {
        @Override
        String action() {
            return "pause";
        }
    }

    @Command(name = "resume", mixinStandardHelpOptions = true, description = "Resume a paused job")
    static final class Resume extends JobCommand {
        @Override
        String action() {
            return "resume";
        }
    }

    @Command(
            name = "cancel",
            mixinStandardHelpOptions = true,
            description = "Cancel a job (or, with --task, one task): running tasks stop within a second")
    static final class Cancel extends JobCommand {
        @Option(names = "--task", description = "The id is a task id: cancel only that task")
        boolean task;

        @Override
        String action() {
            return "cancel";
        }

        @Override
        String path() {
            return task ? "/tasks/" + id + "/cancel" : super.path();
        }
    }
}
