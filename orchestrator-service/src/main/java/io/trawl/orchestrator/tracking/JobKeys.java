package io.trawl.orchestrator.tracking;

/**
 * Redis keys of one job. All share the hash tag {@code {jobId}} so the Lua script that touches them runs
 * on one Redis Cluster slot.
 */
record JobKeys(String prefix, String jobId) {

    static String index(String prefix) {
        return prefix + "jobs";
    }

    String job() {
        return prefix + "job:{" + jobId + "}";
    }

    String tasks() {
        return job() + ":tasks";
    }

    String task(String taskId) {
        return job() + ":task:" + taskId;
    }

    String source(String source) {
        return job() + ":source:" + source;
    }

    String failures() {
        return job() + ":failures";
    }
}
