package io.trawl.orchestrator.verification;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * Result of re-reading a job's stored objects.
 *
 * @param jobId job id
 * @param location bucket and endpoint the objects are in
 * @param checked objects checked (one per succeeded task)
 * @param verified objects whose content hashes to the sha256 reported and recorded in their metadata
 * @param missing keys with no object
 * @param corrupt keys whose content or metadata does not match, with the reason
 */
public record VerificationReport(
        String jobId, String location, int checked, int verified, List<String> missing, List<String> corrupt) {

    public VerificationReport {
        missing = List.copyOf(missing);
        corrupt = List.copyOf(corrupt);
    }

    /** Whether every object is present and intact. */
    @JsonProperty("ok")
    public boolean ok() {
        return missing.isEmpty() && corrupt.isEmpty() && verified == checked;
    }
}
