package io.trawl.orchestrator.tracking;

import io.trawl.messages.RedisKeys;

/** The Redis keys of one job (names from {@link RedisKeys}); all share the hash tag {@code {jobId}}. */
record JobKeys(RedisKeys keys, String jobId) {

    String job() {
        return keys.job(jobId);
    }

    String tasks() {
        return keys.jobTasks(jobId);
    }

    String task(String taskId) {
        return keys.jobTask(jobId, taskId);
    }

    String results() {
        return keys.jobResults(jobId);
    }

    String source(String source) {
        return keys.jobSource(jobId, source);
    }

    String failures() {
        return keys.jobFailures(jobId);
    }

    String control() {
        return keys.jobControl(jobId);
    }
}
