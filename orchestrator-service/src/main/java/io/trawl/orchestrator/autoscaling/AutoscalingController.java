package io.trawl.orchestrator.autoscaling;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** The worker count worth running now, for KEDA's metrics-api trigger or an operator. */
@RestController
public class AutoscalingController {

    private final WorkerRecommender recommender;

    public AutoscalingController(WorkerRecommender recommender) {
        this.recommender = recommender;
    }

    /**
     * Workers that are useful given each source's backlog, concurrency limit and rate limit; more than the
     * limits can feed would only wait for permits.
     */
    @GetMapping("/autoscaling/recommendation")
    public Recommendation recommendation() {
        return recommender.now();
    }
}
