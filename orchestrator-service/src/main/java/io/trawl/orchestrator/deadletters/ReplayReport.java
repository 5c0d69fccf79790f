package io.trawl.orchestrator.deadletters;

/**
 * What a replay did.
 *
 * @param replayed tasks put back in their sources' queues as first attempts
 * @param skipped matching dead letters left in place: poison messages, or tasks whose job no longer has them
 *     as failed (the job was cancelled, the task already succeeded, or the job's record is gone)
 * @param remaining dead letters left in the queue, matching or not
 */
public record ReplayReport(long replayed, long skipped, long remaining) {}
