package io.trawl.messages;

/**
 * Every Redis key name Trawl uses, in one place, as {@link Topology} is for AMQP names; all start with the
 * namespace's prefix ({@code {ns}:}). Keys that one Lua script touches together share a hash tag ({@code {jobId}},
 * {@code {source}}), so the scripts also run on Redis Cluster.
 */
public final class RedisKeys {

    private final String prefix;

    RedisKeys(String prefix) {
        this.prefix = prefix;
    }

    /** The prefix of every key, ending with a colon: what a namespace cleanup matches. */
    public String prefix() {
        return prefix;
    }

    /** Sorted set of job ids by creation time. */
    public String jobIndex() {
        return prefix + "jobs";
    }

    /** A job's hash: state, counters, settings. */
    public String job(String jobId) {
        return prefix + "job:{" + jobId + "}";
    }

    /** Hash of a job's task id → state. */
    public String jobTasks(String jobId) {
        return job(jobId) + ":tasks";
    }

    /**
     * Hash of one task's details (worker, attempt, last error...), kept while the task is queued, running, failed
     * or cancelled: a task that succeeded or had no data at the source keeps only its state (and its result).
     */
    public String jobTask(String jobId, String taskId) {
        return job(jobId) + ":task:" + taskId;
    }

    /** Hash of a job's succeeded task id → {@code <object key> <sha256>}: what verification reads. */
    public String jobResults(String jobId) {
        return job(jobId) + ":results";
    }

    /** Hash of a job's counters for one source. */
    public String jobSource(String jobId, String source) {
        return job(jobId) + ":source:" + source;
    }

    /** List of a job's latest failures. */
    public String jobFailures(String jobId) {
        return job(jobId) + ":failures";
    }

    /** A lazily planned job's plan: the resolved request and the instant it is planned as of (JSON). */
    public String jobPlan(String jobId) {
        return job(jobId) + ":plan";
    }

    /** The replica that dispatches a job's next batches, while its lease lasts. */
    public String jobDispatchLease(String jobId) {
        return job(jobId) + ":dispatcher";
    }

    /** Set of jobs with batches still to dispatch. */
    public String dispatchingJobs() {
        return prefix + "dispatching";
    }

    /** {@code PAUSED} or {@code CANCELLED} for a job; absent while it runs (read by workers before each task). */
    public String jobControl(String jobId) {
        return prefix + "control:{" + jobId + "}";
    }

    /** {@code CANCELLED} for one cancelled task. */
    public String taskControl(String jobId, String taskId) {
        return jobControl(jobId) + ":task:" + taskId;
    }

    /** Set of jobs that have (or had) tasks parked. */
    public String parkedJobs() {
        return prefix + "parked-jobs";
    }

    /**
     * One part of a source's limiter ({@code in-flight}, {@code reserved}, {@code log}, {@code slots},
     * {@code state}, {@code fixed}); the parts share the hash tag {@code {source}}.
     */
    public String rate(String source, String part) {
        return prefix + "rate:{" + source + "}:" + part;
    }

    /** A source's limits as changed at run time (hash); absent = the configured ones. */
    public String sourceLimits(String source) {
        return prefix + "limits:{" + source + "}";
    }

    /** Prefix of the concurrency leases of one namespace (per source, per job). */
    public String leases(String namespace) {
        return prefix + "leases:{" + namespace + "}:";
    }

    /** Sorted set of live workers by last heartbeat. */
    public String workers() {
        return prefix + "workers";
    }

    /** One worker's heartbeat hash. */
    public String worker(String workerId) {
        return prefix + "worker:" + workerId;
    }

    /**
     * What a connector remembers of a symbol's source once a result is stored (a feed's or file's {@code etag},
     * {@code last-modified}, {@code sha256}): hash.
     */
    public String memory(String source, String symbol) {
        return prefix + "memory:{" + source + "}:" + symbol;
    }

    /** Ids of a feed's items already stored: sorted set scored by when stored (epoch ms), the newest kept. */
    public String seen(String source, String symbol) {
        return memory(source, symbol) + ":seen";
    }

    /** A task's captured log lines (list). */
    public String taskLog(String taskId) {
        return prefix + "task-log:" + taskId;
    }

    /** The lock that lets one reader at a time drain the dead letters. */
    public String deadLetterLock() {
        return prefix + "dead-letters:lock";
    }

    /** Set of schedule ids. */
    public String schedules() {
        return prefix + "schedules";
    }

    /** A schedule's hash: its definition, state, next run and the run it claimed. */
    public String schedule(String scheduleId) {
        return prefix + "schedule:" + scheduleId;
    }

    /** List of a schedule's latest runs, newest first. */
    public String scheduleRuns(String scheduleId) {
        return prefix + "schedule:" + scheduleId + ":runs";
    }
}
