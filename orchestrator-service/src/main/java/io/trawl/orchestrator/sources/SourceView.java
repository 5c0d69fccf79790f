package io.trawl.orchestrator.sources;

import io.trawl.sources.SourceLimits;
import java.util.List;

/**
 * A configured source and the limits in force.
 *
 * @param id source id
 * @param type connector type
 * @param dataset dataset name
 * @param intervals intervals offered
 * @param limits limits in force (configured, or overridden through the API)
 * @param configured limits from the configuration
 */
public record SourceView(
        String id, String type, String dataset, List<String> intervals, SourceLimits limits, SourceLimits configured) {}
