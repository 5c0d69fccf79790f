package io.trawl.orchestrator.deadletters;

import static io.trawl.orchestrator.planning.PlanningException.invalid;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /dead-letters} (what failed, counted) and {@code POST /dead-letters/replay}. */
@RestController
@RequestMapping("/dead-letters")
public class DeadLetterController {

    private final DeadLetters deadLetters;

    public DeadLetterController(DeadLetters deadLetters) {
        this.deadLetters = deadLetters;
    }

    @GetMapping
    public DeadLetterSummary summary() {
        return deadLetters.summary();
    }

    @PostMapping("/replay")
    public ReplayReport replay(@RequestBody ReplayRequest request) {
        if (request.limit() != null && request.limit() < 1) {
            throw invalid("limit", "limit must be >= 1 but was " + request.limit());
        }
        if (request.jobId() == null && request.source() == null && request.errorClass() == null) {
            throw invalid("jobId", "name at least one of jobId, source or errorClass to select dead letters");
        }
        return deadLetters.replay(request);
    }
}
