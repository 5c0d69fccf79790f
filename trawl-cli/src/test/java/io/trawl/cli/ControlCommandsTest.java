package io.trawl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class ControlCommandsTest {

    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return CollectCommandTest.run(err, args);
    }

    @Test
    void tasksNeedsAnIdOrActive() {
        assertThat(run("tasks", "--url", "http://127.0.0.1:1")).isEqualTo(2);
        assertThat(err.toString()).contains("give a task id or --active");
    }

    @Test
    void pauseNeedsAJobId() {
        assertThat(run("pause")).isEqualTo(2);
        assertThat(err.toString()).contains("Missing required parameter");
    }

    @Test
    void aScheduleNeedsEitherAnIntervalOrACron() {
        assertThat(run("schedules", "create", "--sources", "news", "--symbols", "ACME"))
                .isEqualTo(2);
        assertThat(err.toString()).contains("Missing required argument").contains("--every", "--cron");
        assertThat(run(
                        "schedules",
                        "create",
                        "--sources",
                        "news",
                        "--symbols",
                        "ACME",
                        "--every",
                        "5m",
                        "--cron",
                        "* * * * *"))
                .isEqualTo(2);
        assertThat(err.toString()).contains("mutually exclusive");
        assertThat(run("schedules", "pause")).isEqualTo(2);
    }

    @Test
    void anUnreachableOrchestratorIsOneClearLine() {
        assertThat(run("cancel", "j-1", "--url", "http://127.0.0.1:1")).isEqualTo(2);
        assertThat(err.toString().strip())
                .isEqualTo("trawl: cannot reach the orchestrator at http://127.0.0.1:1 (is it running?)");
    }
}
