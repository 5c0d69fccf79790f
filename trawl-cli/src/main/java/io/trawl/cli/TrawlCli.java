package io.trawl.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code trawl} command. */
@Command(
        name = "trawl",
        mixinStandardHelpOptions = true,
        version = "trawl 0.1.0",
        description = "Submit collections to a Trawl orchestrator and follow them.",
        subcommands = {
            CollectCommand.class,
            JobsCommand.class,
            JobCommands.Pause.class,
            JobCommands.Resume.class,
            JobCommands.Cancel.class,
            WorkersCommand.class,
            SourcesCommand.class,
            TasksCommand.class,
            SchedulesCommand.class
        })
public final class TrawlCli {

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    static CommandLine commandLine() {
        return new CommandLine(new TrawlCli()).setExecutionExceptionHandler((e, cmd, parsed) -> {
            cmd.getErr().println("trawl: " + e.getMessage());
            return 2;
        });
    }
}
