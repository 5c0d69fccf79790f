package io.trawl.cli;

import java.net.URI;
import picocli.CommandLine.Option;

/** The {@code --url} option every command that talks to the orchestrator takes. */
final class OrchestratorOption {

    @Option(
            names = "--url",
            defaultValue = "${env:TRAWL_URL:-http://127.0.0.1:8080}",
            description = "Orchestrator URL (env TRAWL_URL). Default: ${DEFAULT-VALUE}")
    URI url;

    OrchestratorClient client() {
        return new OrchestratorClient(url);
    }
}
