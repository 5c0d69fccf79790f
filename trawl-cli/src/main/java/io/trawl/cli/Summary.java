package io.trawl.cli;

import java.io.PrintWriter;
import tools.jackson.databind.JsonNode;

/** The closing lines of a job: per-source summary, failures, verification. */
final class Summary {

    private Summary() {}

    static void print(PrintWriter out, JsonNode job) {
        out.printf("%nJob %s %s%n", job.path("id").asString(), job.path("state").asString());
        for (JsonNode source : job.path("sources")) {
            out.printf(
                    "  %s (%s)%n",
                    source.path("summary").asString(),
                    ProgressView.bytes(source.path("bytes").asLong()));
        }
        out.printf(
                "  %s, %d rows%n",
                job.path("summary").asString(), job.path("rows").asLong());
        if (job.hasNonNull("error")) {
            out.printf("  error: %s%n", job.path("error").asString());
        }
        JsonNode failures = job.path("failures");
        if (!failures.isEmpty()) {
            out.println("  latest failures:");
            failures.forEach(f -> out.printf("    %s%n", f.asString()));
        }
        out.flush();
    }

    static boolean printVerification(PrintWriter out, JsonNode report) {
        out.printf(
                "Verification: %d of %d objects intact in %s%n",
                report.path("verified").asInt(),
                report.path("checked").asInt(),
                report.path("location").asString());
        report.path("missing").forEach(k -> out.printf("  missing: %s%n", k.asString()));
        report.path("corrupt").forEach(k -> out.printf("  corrupt: %s%n", k.asString()));
        out.flush();
        return report.path("ok").asBoolean(false);
    }
}
