package io.trawl.messages;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.YearMonth;
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
        @JsonInclude(JsonInclude.Include.NON_DEFAULT) Integer jobConcurrency) {

    public static final Pattern SOURCE_ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,39}");
    public static final Pattern SYMBOL = Pattern.compile("[A-Z0-9][A-Z0-9._-]{0,31}");
    public static final Pattern INTERVAL = Pattern.compile("[0-9]{1,3}[smhdwM]");
    public static final Pattern DATASET = Pattern.compile("[a-z0-9][a-z0-9-]{0,39}");

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
    }

    /** The deterministic task id of a job's partition. */
    public static String idFor(String jobId, String source, String symbol, String interval, YearMonth partition) {
        return jobId + "." + source + "." + symbol + "." + interval + "." + partition;
    }
}
