package io.trawl.orchestrator.tracking;

/**
 * What a worker reported storing for a task.
 *
 * @param taskId task id
 * @param objectKey object key
 * @param sha256 hex sha256 the worker computed
 */
public record StoredResult(String taskId, String objectKey, String sha256) {}
