package io.trawl.orchestrator.queues;

import io.trawl.messages.Priority;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /queues}.
 *
 * @param sources each source's task queue
 * @param retrying tasks waiting out a back-off in the delay queues
 * @param deadLetters messages in the dead-letter queue
 */
public record QueuesView(List<SourceQueue> sources, long retrying, long deadLetters) {

    /**
     * One source's task queue.
     *
     * @param source source id
     * @param queue queue name
     * @param ready messages waiting to be delivered (the broker's count, exact): a task each, or a bundle of up to
     *     {@code trawl.orchestrator.dispatch.bundle} tasks of a source without a rate limit
     * @param unacked tasks delivered to a worker and not yet acknowledged: the ones running, from the workers'
     *     heartbeats (at most 1 s old)
     * @param consumers worker consumers attached
     * @param pendingByPriority tasks of queued or running jobs that have not ended (waiting, running or
     *     retrying), by job priority, from the job records of the recent jobs ({@code
     *     trawl.orchestrator.recent-jobs}); the broker does not count a queue's messages by priority
     */
    public record SourceQueue(
            String source,
            String queue,
            long ready,
            long unacked,
            long consumers,
            Map<Priority, Long> pendingByPriority) {}
}
