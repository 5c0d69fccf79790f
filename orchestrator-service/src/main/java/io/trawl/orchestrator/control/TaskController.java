package io.trawl.orchestrator.control;

import io.trawl.infra.tasklogs.TaskLogLine;
import io.trawl.infra.tasklogs.TaskLogs;
import io.trawl.infra.workers.WorkerDirectory;
import io.trawl.infra.workers.WorkerStatus;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Tasks: the ones running now, one task, its log lines, cancelling one. */
@RestController
@RequestMapping("/tasks")
public class TaskController {

    private final JobCommands commands;
    private final WorkerDirectory workers;
    private final TaskLogs logs;

    public TaskController(JobCommands commands, WorkerDirectory workers, TaskLogs logs) {
        this.commands = commands;
        this.workers = workers;
        this.logs = logs;
    }

    /** A task's log lines, oldest first. */
    public record TaskLog(String taskId, List<TaskLogLine> lines) {}

    /** The tasks the live workers report running, each with its state, attempts and timings. */
    @GetMapping("/active")
    public List<Map<Object, Object>> active() {
        List<Map<Object, Object>> active = new ArrayList<>();
        for (WorkerStatus worker : workers.list()) {
            for (String taskId : worker.inFlight()) {
                try {
                    Map<Object, Object> task = new LinkedHashMap<>(commands.task(taskId));
                    task.put("taskId", taskId);
                    task.put("runningOn", worker.id());
                    active.add(task);
                } catch (NoSuchElementException e) {
                    // a task of a job whose record is gone (e.g. Redis flushed): nothing to show
                }
            }
        }
        return active;
    }

    /** The task's state and what its attempts reported: worker, attempts, timings, object key or error. */
    @GetMapping("/{id}")
    public Map<Object, Object> get(@PathVariable String id) {
        return commands.task(id);
    }

    /**
     * The task's own log lines from whichever workers ran its attempts (the newest {@code trawl.task-logs.max-lines},
     * kept {@code trawl.task-logs.keep}, or {@code keep-succeeded} once the task succeeded).
     */
    @GetMapping("/{id}/logs")
    public TaskLog logs(@PathVariable String id) {
        commands.task(id);
        return new TaskLog(id, logs.read(id));
    }

    /** Stops the task wherever it runs, or keeps it from starting. */
    @PutMapping("/{id}/cancel")
    public Map<Object, Object> cancel(@PathVariable String id) {
        return commands.cancelTask(id);
    }
}
