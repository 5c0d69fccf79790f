package io.trawl.orchestrator.dispatch;

import io.trawl.orchestrator.planning.CollectionSpec;
import java.time.Instant;

/**
 * What a lazily planned job's batches are planned from, kept in Redis so that whichever replica dispatches the
 * job plans the same tasks.
 *
 * @param spec the resolved request
 * @param at the instant every batch is planned as of (the job's creation)
 * @param traceId the trace of the request that created the job, or null (not traced, or planned before it was kept)
 * @param spanId that request's span, the parent of every traced task's publication, or null
 */
public record JobPlan(CollectionSpec spec, Instant at, String traceId, String spanId) {}
