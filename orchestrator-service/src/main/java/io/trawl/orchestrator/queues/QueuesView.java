package io.trawl.orchestrator.queues;

import java.util.List;

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
     * @param ready tasks waiting to be delivered
     * @param consumers worker consumers attached
     */
    public record SourceQueue(String source, String queue, long ready, long consumers) {}
}
