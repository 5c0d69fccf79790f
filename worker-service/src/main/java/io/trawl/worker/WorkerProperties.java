package io.trawl.worker;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of one worker replica ({@code trawl.worker}).
 *
 * @param id worker id in events and logs; defaults to {@code <host>-<pid>}
 * @param concurrency tasks of one source this worker runs at once (one consumer each)
 * @param prefetch unacknowledged tasks per consumer; keep it small so queued tasks stay ordered by priority
 * @param maxThrottles times a task may be pushed back by its source (429/503) before it counts as failed
 * @param retryBackoff base of the exponential back-off (full jitter) between attempts; attempts per request
 *     are set per source ({@code trawl.sources.<id>.max-attempts})
 * @param connectTimeout HTTP connect timeout towards sources
 * @param requestTimeout HTTP timeout for one request to a source
 * @param progressInterval least time between two progress events of one task
 * @param startedAfter how long an attempt runs before its {@code started} event is sent (sooner if a progress
 *     event is due); an attempt that ends sooner reports only its end. {@code 0}: every attempt, at once
 * @param shutdownTimeout how long a stopping worker lets in-flight tasks finish before returning them
 * @param workDir where downloads are spooled while they are verified; empty = the system temp dir
 * @param storeRetryFor how long a fetched archive whose PUT failed (object store unreachable) is kept and its
 *     PUT retried, with back-off, before the task goes to a delay queue (and is fetched again later)
 * @param userAgent the {@code User-Agent} of every request to a source: it names Trawl and where its operator can be
 *     reached, and is the name {@code robots.txt} rules are matched against ({@code Trawl})
 */
@Validated
@ConfigurationProperties("trawl.worker")
public record WorkerProperties(
        String id,
        @DefaultValue("4") @Min(1) @Max(1000) int concurrency,
        @DefaultValue("1") @Min(1) @Max(100) int prefetch,
        @DefaultValue("100") @Min(0) int maxThrottles,
        @DefaultValue("500ms") @NotNull Duration retryBackoff,
        @DefaultValue("10s") @NotNull Duration connectTimeout,
        @DefaultValue("30s") @NotNull Duration requestTimeout,
        @DefaultValue("1s") @NotNull Duration progressInterval,
        @DefaultValue("1s") @NotNull Duration startedAfter,
        @DefaultValue("30s") @NotNull Duration shutdownTimeout,
        Path workDir,
        @DefaultValue("2m") @NotNull Duration storeRetryFor,
        @DefaultValue(DEFAULT_USER_AGENT) @NotNull String userAgent) {

    /** The user agent unless the operator sets one with a contact address. */
    public static final String DEFAULT_USER_AGENT = "Trawl/0.1 (+https://github.com/trawl/trawl; data collection)";

    public WorkerProperties {
        if (id == null || id.isBlank()) {
            id = defaultId();
        }
        if (userAgent.isBlank() || userAgent.chars().anyMatch(c -> c < 0x20 || c > 0x7e)) {
            throw new IllegalArgumentException(
                    "trawl.worker.user-agent must be printable ASCII and not blank but was '" + userAgent + "'");
        }
        if (startedAfter.isNegative()) {
            throw new IllegalArgumentException(
                    "trawl.worker.started-after must not be negative but was " + startedAfter);
        }
        if (workDir == null) {
            workDir = Path.of(System.getProperty("java.io.tmpdir"), "trawl-worker");
        }
    }

    private static String defaultId() {
        String host = System.getenv().getOrDefault("HOSTNAME", "worker");
        return host + "-" + ManagementFactory.getRuntimeMXBean().getPid();
    }
}
