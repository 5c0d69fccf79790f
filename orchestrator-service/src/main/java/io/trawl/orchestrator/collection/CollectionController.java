package io.trawl.orchestrator.collection;

import static io.trawl.orchestrator.planning.InputBounds.excerpt;

import io.trawl.orchestrator.OrchestratorProperties;
import io.trawl.orchestrator.control.JobCommands;
import io.trawl.orchestrator.planning.PlanningException;
import io.trawl.orchestrator.tracking.JobStore;
import io.trawl.orchestrator.tracking.JobView;
import io.trawl.orchestrator.verification.ObjectVerifier;
import io.trawl.orchestrator.verification.VerificationReport;
import java.net.URI;
import java.util.List;
import java.util.NoSuchElementException;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * Collections: start one, read one, follow one's progress (SSE), list recent ones, pause, resume or cancel one,
 * verify what one stored.
 */
@RestController
@RequestMapping("/collections")
public class CollectionController {

    static final int MAX_LISTED = 1_000;

    private final CollectionService collections;
    private final JobStore jobs;
    private final ObjectVerifier verifier;
    private final OrchestratorProperties properties;
    private final JobCommands commands;
    private final ProgressStreams streams;

    public CollectionController(
            CollectionService collections,
            JobStore jobs,
            ObjectVerifier verifier,
            OrchestratorProperties properties,
            JobCommands commands,
            ProgressStreams streams) {
        this.collections = collections;
        this.streams = streams;
        this.commands = commands;
        this.jobs = jobs;
        this.verifier = verifier;
        this.properties = properties;
    }

    @PostMapping
    public ResponseEntity<JobView> start(@RequestBody CollectionRequest request) {
        JobView job = collections.start(request);
        return ResponseEntity.created(URI.create("/collections/" + job.id())).body(job);
    }

    @GetMapping("/{id}")
    public JobView get(@PathVariable String id) {
        return jobs.find(id).orElseThrow(() -> new NoSuchElementException("no collection with id " + excerpt(id)));
    }

    /**
     * Streams the job's progress as Server-Sent Events: {@code progress} (the job, whenever it changed) and a
     * final {@code end} (its end state), after which the stream closes.
     */
    @GetMapping(path = "/{id}/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    public SseEmitter events(@PathVariable String id) {
        return streams.open(get(id));
    }

    /** The newest jobs: {@code limit} of them (1 to 1,000), or {@code trawl.orchestrator.recent-jobs}. */
    @GetMapping
    public List<JobView> list(@RequestParam(required = false) Integer limit) {
        if (limit != null && (limit < 1 || limit > MAX_LISTED)) {
            throw PlanningException.invalid("limit", "limit must be between 1 and " + MAX_LISTED + ", not " + limit);
        }
        return jobs.recent(limit == null ? properties.recentJobs() : limit);
    }

    /** Queued tasks wait, running ones finish. */
    @PutMapping("/{id}/pause")
    public JobView pause(@PathVariable String id) {
        commands.pause(id);
        return get(id);
    }

    /** Parked tasks go back to their queues. */
    @PutMapping("/{id}/resume")
    public JobView resume(@PathVariable String id) {
        commands.resume(id);
        return get(id);
    }

    /** Running tasks stop within a second wherever they run; queued ones never start. */
    @PutMapping("/{id}/cancel")
    public JobView cancel(@PathVariable String id) {
        commands.cancel(id);
        return get(id);
    }

    /** Re-reads every object the job stored and checks it against the sha256 the worker reported. */
    @PostMapping("/{id}/verification")
    public VerificationReport verify(@PathVariable String id) {
        get(id);
        return verifier.verify(id);
    }
}
