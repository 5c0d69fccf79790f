package io.trawl.orchestrator.control;

import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** One task: {@code GET /tasks/{id}} and {@code PUT /tasks/{id}/cancel}. */
@RestController
@RequestMapping("/tasks")
public class TaskController {

    private final JobCommands commands;

    public TaskController(JobCommands commands) {
        this.commands = commands;
    }

    /** The task's state and what its attempts reported: worker, attempts, timings, object key or error. */
    @GetMapping("/{id}")
    public Map<Object, Object> get(@PathVariable String id) {
        return commands.task(id);
    }

    /** Stops the task wherever it runs, or keeps it from starting. */
    @PutMapping("/{id}/cancel")
    public Map<Object, Object> cancel(@PathVariable String id) {
        return commands.cancelTask(id);
    }
}
