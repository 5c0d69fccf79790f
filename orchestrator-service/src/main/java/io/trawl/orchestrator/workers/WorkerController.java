package io.trawl.orchestrator.workers;

import static io.trawl.orchestrator.planning.InputBounds.excerpt;

import io.trawl.infra.workers.WorkerDirectory;
import io.trawl.infra.workers.WorkerStatus;
import java.time.Duration;
import java.util.List;
import java.util.NoSuchElementException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The cluster's workers as their heartbeats report them: list, status, pause (stop taking tasks, finish
 * in-flight ones) and resume. A dead worker disappears within three heartbeats.
 */
@RestController
@RequestMapping("/workers")
public class WorkerController {

    /** How long pause and resume wait for the worker to confirm with a heartbeat. */
    private static final Duration CONFIRM = WorkerDirectory.STALE_AFTER;

    private final WorkerDirectory directory;

    public WorkerController(WorkerDirectory directory) {
        this.directory = directory;
    }

    @GetMapping
    public List<WorkerStatus> list() {
        return directory.list();
    }

    @GetMapping("/{id}/status")
    public WorkerStatus status(@PathVariable String id) {
        return directory
                .find(id)
                .orElseThrow(() -> new NoSuchElementException("no live worker with id " + excerpt(id)));
    }

    /** Answers once the worker confirmed it takes no new tasks (its in-flight ones still finish). */
    @PutMapping("/{id}/pause")
    public WorkerStatus pause(@PathVariable String id) throws InterruptedException {
        return switchTo(id, true);
    }

    @PutMapping("/{id}/resume")
    public WorkerStatus resume(@PathVariable String id) throws InterruptedException {
        return switchTo(id, false);
    }

    private WorkerStatus switchTo(String id, boolean paused) throws InterruptedException {
        status(id);
        directory.setPaused(id, paused);
        long deadline = System.nanoTime() + CONFIRM.toNanos();
        WorkerStatus status = status(id);
        while (status.paused() != paused && System.nanoTime() < deadline) {
            Thread.sleep(100);
            status = status(id);
        }
        return status;
    }
}
