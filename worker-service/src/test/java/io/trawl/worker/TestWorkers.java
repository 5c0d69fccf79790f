package io.trawl.worker;

import java.nio.file.Path;
import java.time.Duration;

/** Worker settings for connector tests: one consumer, quick back-off, spooling to a test's own directory. */
public final class TestWorkers {

    private TestWorkers() {}

    /** Settings spooling to {@code spool}, each request allowed {@code requestTimeout}. */
    public static WorkerProperties spoolingTo(Path spool, Duration requestTimeout) {
        return new WorkerProperties(
                "w",
                1,
                1,
                0,
                Duration.ofMillis(1),
                Duration.ofSeconds(2),
                requestTimeout,
                Duration.ZERO,
                Duration.ZERO,
                Duration.ofSeconds(1),
                spool,
                Duration.ofMinutes(2),
                WorkerProperties.DEFAULT_USER_AGENT);
    }
}
