package io.trawl.orchestrator.tracking;

import io.trawl.messages.TaskEventData;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * Each source's task service time (how long a task takes on a worker, not counting the time it waited for
 * limiter permits or concurrency leases) as an exponentially weighted moving average of the completions this
 * orchestrator applied. Excluding the waits matters: with them, a rate-saturated source would look slower the
 * more workers wait on it, and the autoscaling recommendation would feed on itself.
 */
@Component
public class ServiceTimes {

    private static final double WEIGHT = 0.1;

    private final Map<String, Double> millisBySource = new ConcurrentHashMap<>();

    /** Learns from one completion of a task of {@code source}. */
    public void record(String source, TaskEventData.Completed completed) {
        double millis = Math.max(1, completed.durationMillis() - completed.waitMillis());
        millisBySource.merge(source, millis, (average, sample) -> average + WEIGHT * (sample - average));
    }

    /** The source's current average, if any of its tasks completed since this orchestrator started. */
    public Optional<Duration> of(String source) {
        return Optional.ofNullable(millisBySource.get(source)).map(m -> Duration.ofMillis(Math.round(m)));
    }
}
