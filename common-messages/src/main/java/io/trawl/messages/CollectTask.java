package io.trawl.messages;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * One unit of work ({@code collect.v2}): fetch one partition of one symbol's dataset from a configured source. It
 * names the source and parameters, never a URL: the worker builds the request from the source's definition.
 *
 * @param taskId deterministic id: the same job, source, symbol, interval and partition give the same id
 * @param source configured source id
 * @param dataset dataset of the source, e.g. {@code klines}
 * @param symbol instrument symbol, e.g. {@code BTCUSDT}
 * @param interval candle interval, e.g. {@code 1d}
 * @param partition what the task covers: a month, a day, a time window or a snapshot
 * @param attempt 1 for the first delivery, incremented by each retry
 * @param jobConcurrency most tasks of the job running at once across the cluster; 0 = no limit
 * @param timeoutMillis how long one attempt may take before it is stopped as timed out; 0 = the source's
 *     configured timeout
 * @param resume connector-private state an earlier attempt left for the next one (an archive's checksum, read
 *     once); opaque to everything but the source's connector, empty on a first attempt
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record CollectTask(
        String taskId,
        String source,
        String dataset,
        String symbol,
        String interval,
        Partition partition,
        int attempt,
        @JsonInclude(JsonInclude.Include.NON_DEFAULT) Integer jobConcurrency,
        @JsonInclude(JsonInclude.Include.NON_DEFAULT) Long timeoutMillis,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, String> resume) {

    public static final Pattern SOURCE_ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,39}");
    public static final Pattern SYMBOL = Pattern.compile("[A-Z0-9][A-Z0-9._-]{0,31}");
    public static final Pattern INTERVAL = Pattern.compile("[0-9]{1,3}[smhdwM]");
    public static final Pattern DATASET = Pattern.compile("[a-z0-9][a-z0-9-]{0,39}");
    private static final Pattern RESUME_KEY = Pattern.compile("[A-Za-z0-9-]{1,40}");
    private static final int MAX_RESUME_ENTRIES = 16;
    private static final int MAX_RESUME_VALUE = 512;

    public CollectTask {
        Require.text("taskId", taskId);
        Require.matching("source", source, SOURCE_ID);
        Require.matching("dataset", dataset, DATASET);
        Require.matching("symbol", symbol, SYMBOL);
        Require.matching("interval", interval, INTERVAL);
        Require.present("partition", partition);
        Require.positive("attempt", attempt);
        jobConcurrency = jobConcurrency == null ? 0 : jobConcurrency;
        Require.notNegative("jobConcurrency", jobConcurrency);
        timeoutMillis = timeoutMillis == null ? 0L : timeoutMillis;
        Require.notNegative("timeoutMillis", timeoutMillis);
        resume = resume == null ? Map.of() : Map.copyOf(resume);
        if (resume.size() > MAX_RESUME_ENTRIES) {
            throw new IllegalArgumentException(
                    "resume holds " + resume.size() + " entries; at most " + MAX_RESUME_ENTRIES + " allowed");
        }
        resume.forEach((key, value) -> {
            Require.matching("resume key", key, RESUME_KEY);
            if (value.length() > MAX_RESUME_VALUE) {
                throw new IllegalArgumentException(
                        "resume value of " + key + " is longer than " + MAX_RESUME_VALUE + " characters");
            }
        });
    }

    /** A first attempt. */
    public CollectTask(
            String taskId,
            String source,
            String dataset,
            String symbol,
            String interval,
            Partition partition,
            int attempt,
            Integer jobConcurrency) {
        this(taskId, source, dataset, symbol, interval, partition, attempt, jobConcurrency, 0L, Map.of());
    }

    /** The same task with another per-attempt timeout; 0 = the source's own. */
    public CollectTask withTimeoutMillis(long millis) {
        return with(attempt, millis, resume);
    }

    /**
     * The next attempt, keeping the resume state of earlier attempts and adding what this one {@code learned}
     * (an entry already kept is not replaced).
     */
    public CollectTask nextAttempt(Map<String, String> learned) {
        Map<String, String> next = new LinkedHashMap<>(learned);
        next.putAll(resume);
        return with(attempt + 1, timeoutMillis, next);
    }

    /**
     * The same attempt, picking up where it was stopped (a push-back, a pause): what it already {@code learned}
     * joins the resume state (an entry already kept is not replaced), so it is not asked of the source again.
     */
    public CollectTask resuming(Map<String, String> learned) {
        if (learned.isEmpty()) {
            return this;
        }
        Map<String, String> next = new LinkedHashMap<>(learned);
        next.putAll(resume);
        return with(attempt, timeoutMillis, next);
    }

    /** The same task as a fresh first attempt, e.g. when a dead letter is replayed. */
    public CollectTask firstAttempt() {
        return with(1, timeoutMillis, Map.of());
    }

    private CollectTask with(int newAttempt, long newTimeout, Map<String, String> newResume) {
        return new CollectTask(
                taskId,
                source,
                dataset,
                symbol,
                interval,
                partition,
                newAttempt,
                jobConcurrency,
                newTimeout,
                newResume);
    }

    /** The deterministic task id of a job's partition. */
    public static String idFor(String jobId, String source, String symbol, String interval, Partition partition) {
        return jobId + "." + source + "." + symbol + "." + interval + "." + partition.token();
    }
}
