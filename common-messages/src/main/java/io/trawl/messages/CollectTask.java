package io.trawl.messages;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One unit of work: fetch one partition of one symbol's dataset from a configured source. It names the
 * source and parameters, never a URL: the worker builds the request from the source's definition.
 *
 * @param taskId deterministic id: the same job, source, symbol, interval and partition give the same id
 * @param source configured source id
 * @param dataset dataset of the source, e.g. {@code klines}
 * @param symbol instrument symbol, e.g. {@code BTCUSDT}
 * @param interval candle interval, e.g. {@code 1d}
 * @param partition the month the task covers
 * @param attempt 1 for the first delivery, incremented by each retry
 * @param jobConcurrency most tasks of the job running at once across the cluster; 0 = no limit (added in
 *     v1 after the first release: absent means 0)
 * @param timeoutMillis how long one attempt may take before it is stopped as timed out; 0 = the source's
 *     configured timeout (added in v1: absent means 0)
 * @param checksum the archive's sha256, once an earlier attempt fetched its checksum sidecar; a retry then
 *     does not fetch it again (added in v1: absent means not known yet)
 * @param checksumAttempt the attempt that fetched {@code checksum}, 0 when not known: the archive request
 *     has had {@code attempt - checksumAttempt + 1} tries (added in v1: absent means 0)
 * @param day a day of {@code partition} when the task fetches that one day's archive (the month is still
 *     growing); 0 = the whole month (added in v1: absent means 0)
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record CollectTask(
        String taskId,
        String source,
        String dataset,
        String symbol,
        String interval,
        YearMonth partition,
        int attempt,
        @JsonInclude(JsonInclude.Include.NON_DEFAULT) Integer jobConcurrency,
        @JsonInclude(JsonInclude.Include.NON_DEFAULT) Long timeoutMillis,
        @JsonInclude(JsonInclude.Include.NON_NULL) String checksum,
        @JsonInclude(JsonInclude.Include.NON_DEFAULT) Integer checksumAttempt,
        @JsonInclude(JsonInclude.Include.NON_DEFAULT) Integer day) {

    public static final Pattern SOURCE_ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,39}");
    public static final Pattern SYMBOL = Pattern.compile("[A-Z0-9][A-Z0-9._-]{0,31}");
    public static final Pattern INTERVAL = Pattern.compile("[0-9]{1,3}[smhdwM]");
    public static final Pattern DATASET = Pattern.compile("[a-z0-9][a-z0-9-]{0,39}");
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    public CollectTask {
        Require.text("taskId", taskId);
        Require.matching("source", source, SOURCE_ID);
        Require.matching("dataset", dataset, DATASET);
        Require.matching("symbol", symbol, SYMBOL);
        Require.matching("interval", interval, INTERVAL);
        Require.present("partition", partition);
        Require.positive("attempt", attempt);
        // added within v1: absent in messages from older publishers, so it must be nullable (Jackson 3 rejects a
        // missing primitive) and is normalised here
        jobConcurrency = jobConcurrency == null ? 0 : jobConcurrency;
        Require.notNegative("jobConcurrency", jobConcurrency);
        timeoutMillis = timeoutMillis == null ? 0L : timeoutMillis;
        Require.notNegative("timeoutMillis", timeoutMillis);
        checksumAttempt = checksumAttempt == null ? 0 : checksumAttempt;
        if (checksum != null && !SHA256.matcher(checksum).matches()) {
            throw new IllegalArgumentException("checksum must be a hex sha256 but was '" + checksum + "'");
        }
        day = day == null ? 0 : day;
        if (day < 0 || day > partition.lengthOfMonth()) {
            throw new IllegalArgumentException(
                    "day must be 0 (whole month) or a day of " + partition + " but was " + day);
        }
        if ((checksum == null) != (checksumAttempt == 0) || checksumAttempt > attempt) {
            throw new IllegalArgumentException("checksumAttempt " + checksumAttempt + " does not fit checksum "
                    + checksum + " and attempt " + attempt);
        }
    }

    /** A first attempt. */
    public CollectTask(
            String taskId,
            String source,
            String dataset,
            String symbol,
            String interval,
            YearMonth partition,
            int attempt,
            Integer jobConcurrency) {
        this(taskId, source, dataset, symbol, interval, partition, attempt, jobConcurrency, 0L, null, 0, 0);
    }

    /** The same task for one day of its month. */
    public CollectTask forDay(int dayOfMonth) {
        return with(attempt, timeoutMillis, checksum, checksumAttempt, dayOfMonth);
    }

    /** The day the task fetches, or empty when it fetches the whole month. */
    public Optional<LocalDate> date() {
        return day == 0 ? Optional.empty() : Optional.of(partition.atDay(day));
    }

    /** The same task with another per-attempt timeout; 0 = the source's own. */
    public CollectTask withTimeoutMillis(long millis) {
        return with(attempt, millis, checksum, checksumAttempt, day);
    }

    /**
     * The next attempt, keeping the checksum this or an earlier attempt fetched ({@code null} when none did).
     */
    public CollectTask nextAttempt(String knownChecksum) {
        if (checksum != null) {
            return with(attempt + 1, timeoutMillis, checksum, checksumAttempt, day);
        }
        return with(attempt + 1, timeoutMillis, knownChecksum, knownChecksum == null ? 0 : attempt, day);
    }

    /** The same task as a fresh first attempt, e.g. when a dead letter is replayed. */
    public CollectTask firstAttempt() {
        return with(1, timeoutMillis, null, 0, day);
    }

    private CollectTask with(int newAttempt, long newTimeout, String newChecksum, int newChecksumAttempt, int newDay) {
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
                newChecksum,
                newChecksumAttempt,
                newDay);
    }

    /**
     * Tries so far of the request this attempt is on: the checksum sidecar until it is known, then the
     * archive. {@code max-attempts} bounds each request of a task, not their sum.
     */
    public int requestAttempt() {
        return checksum == null ? attempt : attempt - checksumAttempt + 1;
    }

    /** The deterministic task id of a job's partition. */
    public static String idFor(String jobId, String source, String symbol, String interval, YearMonth partition) {
        return jobId + "." + source + "." + symbol + "." + interval + "." + partition;
    }

    /** The deterministic task id of one day of a job's partition. */
    public static String idFor(String jobId, String source, String symbol, String interval, LocalDate day) {
        return jobId + "." + source + "." + symbol + "." + interval + "." + day;
    }
}
