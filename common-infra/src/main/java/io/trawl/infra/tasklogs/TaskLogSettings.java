package io.trawl.infra.tasklogs;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How long task log lines stay in Redis ({@code trawl.task-logs}). The lines of a task that succeeded are what a
 * big job has most of (two or three per task, ~900 B of Redis), and rarely read: they go after
 * {@code keep-succeeded}; those of a task that failed, was cancelled or is still running stay {@code keep}.
 *
 * @param keep how long a task's lines are kept after its last line
 * @param keepSucceeded how long the lines of a task that succeeded are kept after it succeeded; {@code 0s} drops
 *     them at once
 * @param maxLines the newest lines kept per task
 */
@Validated
@ConfigurationProperties("trawl.task-logs")
public record TaskLogSettings(
        @DefaultValue("7d") @NotNull Duration keep,
        @DefaultValue("1h") @NotNull Duration keepSucceeded,
        @DefaultValue("200") @Min(1) @Max(100_000) int maxLines) {

    public TaskLogSettings {
        if (keep.isNegative() || keep.toSeconds() < 1) {
            throw new IllegalArgumentException("trawl.task-logs.keep must be at least 1s, not " + keep);
        }
        if (keepSucceeded.isNegative() || keepSucceeded.compareTo(keep) > 0) {
            throw new IllegalArgumentException(
                    "trawl.task-logs.keep-succeeded must be between 0s and keep (" + keep + "), not " + keepSucceeded);
        }
    }
}
