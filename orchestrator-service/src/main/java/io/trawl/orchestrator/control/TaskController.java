package io.trawl.orchestrator.control;

import java.util.Map;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code PUT /tasks/{id}/cancel}: stops one task wherever it runs, or keeps it from starting. */
@RestController
@RequestMapping("/tasks")
public class TaskController {

    private final JobCommands commands;

    public TaskController(JobCommands commands) {
        this.commands = commands;
    }

    @PutMapping("/{id}/cancel")
    public Map<Object, Object> cancel(@PathVariable String id) {
        return commands.cancelTask(id);
    }
}
