package io.trawl.orchestrator.autoscaling;

import static org.assertj.core.api.Assertions.assertThat;

import io.trawl.sources.SourceLimits;
import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class WorkerSizingTest {

    @ParameterizedTest(
            name = "backlog {0}, cps {1}, concurrency {2}, {3} ms per task -> {5} in flight ({6}), {7} workers")
    @CsvSource({
        // backlog, cps, concurrency, serviceMs, slots, useful, limitedBy, workers
        "0,      0,  0,   1000, 4, 0,     backlog,     0",
        "10,     0,  0,   1000, 4, 10,    backlog,     3",
        "10000,  0,  0,   1000, 4, 10000, backlog,     2500",
        "10000,  0,  16,  1000, 4, 16,    concurrency, 4",
        // 15 req/s, 2 requests per task: 7.5 tasks/s x 1 s x 1.2 headroom = 9 in flight -> 3 workers of 4
        "10000,  15, 0,   1000, 4, 9,     rate,        3",
        // a slow source needs more slots to use the same rate: 7.5 x 4 s x 1.2 = 36 -> 9 workers
        "10000,  15, 0,   4000, 4, 36,    rate,        9",
        // the tighter limit wins
        "10000,  15, 4,   4000, 4, 4,     concurrency, 1",
        "5,      15, 0,   4000, 4, 5,     backlog,     2",
        // even a very fast task keeps one slot busy
        "10000,  1,  0,   1,    4, 1,     rate,        1"
    })
    void usefulWorkersAreTheBacklogCappedByWhatTheLimitsCanFeed(
            long backlog,
            int cps,
            int concurrency,
            long serviceMillis,
            int slots,
            long useful,
            String limitedBy,
            int workers) {
        Recommendation.SourceNeed need = WorkerSizing.need(
                "s",
                backlog,
                SourceLimits.of(cps, 0, 1.0, concurrency),
                2,
                Duration.ofMillis(serviceMillis),
                slots,
                1.2);

        assertThat(need.usefulInFlight()).isEqualTo(useful);
        assertThat(need.limitedBy()).isEqualTo(limitedBy);
        assertThat(need.workers()).isEqualTo(workers);
    }
}
