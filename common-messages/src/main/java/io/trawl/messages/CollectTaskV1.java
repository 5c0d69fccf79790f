package io.trawl.messages;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.YearMonth;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A task as {@code collect.v1} wrote it (a month, or one day of it, with the archive's checksum in the task's
 * core), read only so that tasks queued before an upgrade still run: {@link #upgrade()} turns it into the
 * {@code collect.v2} task it means, the checksum moved into the archive connector's resume state.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record CollectTaskV1(
        String taskId,
        String source,
        String dataset,
        String symbol,
        String interval,
        YearMonth partition,
        int attempt,
        Integer jobConcurrency,
        Long timeoutMillis,
        String checksum,
        Integer checksumAttempt,
        Integer day) {

    /** Resume-state key of the archive's known sha256 (the archive connector's). */
    public static final String CHECKSUM = "checksum";

    /** Resume-state key of the attempt that read {@link #CHECKSUM}. */
    public static final String CHECKSUM_ATTEMPT = "checksumAttempt";

    /** The {@code collect.v2} task this one means; validated as any v2 task. */
    public CollectTask upgrade() {
        Require.present("partition", partition);
        int dayOfMonth = day == null ? 0 : day;
        if (dayOfMonth < 0 || dayOfMonth > partition.lengthOfMonth()) {
            throw new IllegalArgumentException(
                    "day must be 0 (whole month) or a day of " + partition + " but was " + dayOfMonth);
        }
        Partition upgraded =
                dayOfMonth == 0 ? new Partition.Month(partition) : new Partition.Day(partition.atDay(dayOfMonth));
        Map<String, String> resume = new LinkedHashMap<>();
        if (checksum != null) {
            resume.put(CHECKSUM, checksum);
            resume.put(CHECKSUM_ATTEMPT, String.valueOf(checksumAttempt == null ? 1 : checksumAttempt));
        }
        return new CollectTask(
                taskId, source, dataset, symbol, interval, upgraded, attempt, jobConcurrency, timeoutMillis, resume);
    }
}
