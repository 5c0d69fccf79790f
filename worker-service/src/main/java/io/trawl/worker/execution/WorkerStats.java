package io.trawl.worker.execution;

import java.util.concurrent.atomic.AtomicLong;
import org.springframework.stereotype.Component;

/** Tasks this worker stored or failed for good since it started; reported with every heartbeat. */
@Component
public class WorkerStats {

    private final AtomicLong completed = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();

    public void completed() {
        completed.incrementAndGet();
    }

    public void failed() {
        failed.incrementAndGet();
    }

    public long completedCount() {
        return completed.get();
    }

    public long failedCount() {
        return failed.get();
    }
}
