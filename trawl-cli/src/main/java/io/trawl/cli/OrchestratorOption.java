package io.trawl.cli;

import java.net.URI;
import picocli.CommandLine.Option;

/** The {@code --url} and {@code --api-key} options every command that talks to the orchestrator takes. */
final class OrchestratorOption {

    @Option(
            names = "--url",
            defaultValue = "${env:TRAWL_URL:-http://127.0.0.1:8080}",
            description = "Orchestrator URL (env TRAWL_URL). Default: ${DEFAULT-VALUE}")
    URI url;

    @Option(
            names = "--api-key",
            defaultValue = "${env:TRAWL_API_KEY}",
            description = "API key (env TRAWL_API_KEY; prefer the variable: options show in the process list)."
                    + " A viewer key can read, an operator key can also submit, pause, resume and cancel.")
    String apiKey;

    OrchestratorClient client() {
        return new OrchestratorClient(url, apiKey);
    }
}
