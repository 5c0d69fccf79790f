package io.trawl.orchestrator.planning;

import io.trawl.messages.CollectTask;

/**
 * A task of a job with the key its result will have.
 *
 * @param task the task message payload
 * @param objectKey where the worker will store the result
 */
public record PlannedTask(CollectTask task, String objectKey) {}
