package io.trawl.orchestrator.deadletters;

/**
 * {@code POST /dead-letters/replay} body: which dead letters to put back; every given field must match.
 *
 * @param jobId only tasks of this job
 * @param source only tasks of this source
 * @param errorClass only tasks that failed with this error class, e.g. {@code Timeout}
 * @param limit at most this many; default all
 */
public record ReplayRequest(String jobId, String source, String errorClass, Integer limit) {}
