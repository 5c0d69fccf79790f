package io.trawl.infra.workers;

import java.time.Instant;
import java.util.List;

/**
 * What a worker reports about itself with every heartbeat.
 *
 * @param id worker id
 * @param host host name
 * @param startedAt when the worker started
 * @param sources the sources whose queues it consumes
 * @param inFlight ids of the tasks it runs now
 * @param completed tasks it stored since it started
 * @param failed tasks that failed for good on it since it started
 * @param paused whether it takes no new tasks (an operator paused it)
 * @param heartbeatAt when it last reported
 */
public record WorkerStatus(
        String id,
        String host,
        Instant startedAt,
        List<String> sources,
        List<String> inFlight,
        long completed,
        long failed,
        boolean paused,
        Instant heartbeatAt) {

    public WorkerStatus {
        sources = List.copyOf(sources);
        inFlight = List.copyOf(inFlight);
    }
}
