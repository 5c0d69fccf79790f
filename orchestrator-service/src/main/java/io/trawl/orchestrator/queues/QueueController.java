package io.trawl.orchestrator.queues;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /queues}: per-source depth, retries waiting, dead letters. */
@RestController
public class QueueController {

    private final QueueDepths depths;

    public QueueController(QueueDepths depths) {
        this.depths = depths;
    }

    @GetMapping("/queues")
    public QueuesView queues() {
        return depths.now();
    }
}
