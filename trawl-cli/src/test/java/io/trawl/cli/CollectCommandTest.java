package io.trawl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class CollectCommandTest {

    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return run(err, args);
    }

    /** Runs the CLI in-process; error output goes to {@code err}. */
    static int run(StringWriter err, String... args) {
        CommandLine cli = TrawlCli.commandLine();
        cli.setErr(new PrintWriter(err));
        cli.setOut(new PrintWriter(new StringWriter()));
        return cli.execute(args);
    }

    @Test
    void symbolsAndMarketAreMutuallyExclusive() {
        int code = run(
                "collect",
                "--sources",
                "binance",
                "--symbols",
                "BTCUSDT",
                "--market",
                "crypto",
                "--from",
                "2024-01",
                "--to",
                "2024-02");

        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("mutually exclusive");
    }

    @Test
    void badMonthIsNamed() {
        int code = run(
                "collect",
                "--sources",
                "binance",
                "--symbols",
                "BTCUSDT",
                "--from",
                "2024-1",
                "--to",
                "2024-02",
                "--url",
                "http://127.0.0.1:1");

        assertThat(code).isEqualTo(2);
        assertThat(err.toString())
                .contains("--from must be a month YYYY-MM, a date YYYY-MM-DD or a date-time", "but was '2024-1'");
    }

    @Test
    void unreachableOrchestratorIsOneClearLine() {
        int code = run(
                "collect",
                "--sources",
                "binance",
                "--symbols",
                "BTCUSDT",
                "--from",
                "2024-01",
                "--to",
                "2024-02",
                "--url",
                "http://127.0.0.1:1");

        assertThat(code).isEqualTo(2);
        assertThat(err.toString().strip())
                .isEqualTo("trawl: cannot reach the orchestrator at http://127.0.0.1:1 (is it running?)");
    }
}
