package io.trawl.orchestrator.sources;

import static io.trawl.orchestrator.planning.InputBounds.excerpt;

import io.trawl.infra.TrawlProperties;
import io.trawl.infra.limits.SourceLimitsStore;
import io.trawl.infra.limits.SourceState;
import io.trawl.infra.limits.SourceStates;
import io.trawl.sources.SourceDefinition;
import io.trawl.sources.SourceLimits;
import java.util.List;
import java.util.Locale;
import java.util.NoSuchElementException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Sources, their live limits and their state. A change is written to Redis, where every worker reads it
 * before its next request, so it applies cluster-wide within a second, without restarts.
 */
@RestController
@RequestMapping("/sources")
public class SourceController {

    private static final Logger log = LoggerFactory.getLogger(SourceController.class);

    private final TrawlProperties trawl;
    private final SourceLimitsStore limits;
    private final SourceStates states;

    public SourceController(TrawlProperties trawl, SourceLimitsStore limits, SourceStates states) {
        this.trawl = trawl;
        this.limits = limits;
        this.states = states;
    }

    @GetMapping
    public List<SourceView> list() {
        return trawl.sources().keySet().stream().sorted().map(this::view).toList();
    }

    @GetMapping("/{id}")
    public SourceView get(@PathVariable String id) {
        return view(id);
    }

    @PutMapping("/{id}/limits")
    public SourceView setLimits(@PathVariable String id, @RequestBody LimitsRequest request) {
        SourceLimits current = view(id).limits();
        SourceLimits updated = LimitsChange.apply(current, request);
        limits.set(id, updated);
        log.info("Source {} limits set to {} (was {})", id, updated, current);
        return view(id);
    }

    @DeleteMapping("/{id}/limits")
    public ResponseEntity<SourceView> resetLimits(@PathVariable String id) {
        view(id);
        limits.reset(id);
        log.info("Source {} limits reset to the configured ones", id);
        return ResponseEntity.ok(view(id));
    }

    /** Stops every request to the source from every worker (checked before each send) until resumed. */
    @PutMapping("/{id}/pause")
    public SourceView pause(@PathVariable String id) {
        view(id);
        states.pause(id);
        log.warn("Source {} paused by an operator: no request to it leaves any worker until it is resumed", id);
        return view(id);
    }

    @PutMapping("/{id}/resume")
    public SourceView resume(@PathVariable String id) {
        view(id);
        states.resume(id);
        log.info("Source {} resumed by an operator", id);
        return view(id);
    }

    /** Forgets what the source's push-backs taught: its configured limits apply in full again. */
    @DeleteMapping("/{id}/learned")
    public SourceView forgetLearned(@PathVariable String id) {
        view(id);
        states.forgetLearned(id);
        log.info("Source {}: learned ceiling forgotten", id);
        return view(id);
    }

    private SourceView view(String id) {
        SourceDefinition definition = trawl.sources().get(id);
        if (definition == null) {
            throw new NoSuchElementException("no source " + excerpt(id) + "; configured: "
                    + trawl.sources().keySet());
        }
        SourceLimits inForce = limits.current(id);
        SourceState state = states.read(id);
        return new SourceView(
                id,
                definition.type().name().toLowerCase(Locale.ROOT).replace('_', '-'),
                definition.dataset(),
                definition.intervals(),
                inForce,
                definition.limits(),
                SourceView.Rates.of(inForce, state.learnedShare()),
                state,
                states.usage(id, inForce));
    }
}
