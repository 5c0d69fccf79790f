package io.trawl.orchestrator.schedules;

import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Collections that run on a schedule: {@code /schedules}. */
@RestController
@RequestMapping("/schedules")
class ScheduleController {

    private final Schedules schedules;

    ScheduleController(Schedules schedules) {
        this.schedules = schedules;
    }

    @PostMapping
    ResponseEntity<ScheduleView> create(@RequestBody ScheduleRequest request) {
        return ResponseEntity.status(HttpStatus.CREATED).body(schedules.create(request));
    }

    @GetMapping
    List<ScheduleView> list() {
        return schedules.list();
    }

    @GetMapping("/{id}")
    ScheduleView get(@PathVariable String id) {
        return schedules.view(id);
    }

    @PutMapping("/{id}/pause")
    ScheduleView pause(@PathVariable String id) {
        return schedules.pause(id);
    }

    @PutMapping("/{id}/resume")
    ScheduleView resume(@PathVariable String id) {
        return schedules.resume(id);
    }

    @DeleteMapping("/{id}")
    ResponseEntity<Void> delete(@PathVariable String id) {
        schedules.delete(id);
        return ResponseEntity.noContent().build();
    }
}
