package io.trawl.orchestrator.sources;

import io.trawl.infra.TrawlProperties;
import io.trawl.infra.limits.SourceLimitsStore;
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
 * Sources and their live limits. A change is written to Redis, where every worker reads it on its next
 * request, so it applies cluster-wide at once, without restarts.
 */
@RestController
@RequestMapping("/sources")
public class SourceController {

    private static final Logger log = LoggerFactory.getLogger(SourceController.class);

    private final TrawlProperties trawl;
    private final SourceLimitsStore limits;

    public SourceController(TrawlProperties trawl, SourceLimitsStore limits) {
        this.trawl = trawl;
        this.limits = limits;
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
        SourceLimits updated;
        try {
            updated = new SourceLimits(
                    request.cps() == null ? current.cps() : request.cps(),
                    request.burst() == null ? (request.cps() == null ? current.burst() : 0) : request.burst(),
                    request.safetyFactor() == null ? current.safetyFactor() : request.safetyFactor(),
                    request.concurrency() == null ? current.concurrency() : request.concurrency());
        } catch (IllegalArgumentException e) {
            throw new InvalidLimitsException(e.getMessage());
        }
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

    private SourceView view(String id) {
        SourceDefinition definition = trawl.sources().get(id);
        if (definition == null) {
            throw new NoSuchElementException(
                    "no source '" + id + "'; configured: " + trawl.sources().keySet());
        }
        return new SourceView(
                id,
                definition.type().name().toLowerCase(Locale.ROOT).replace('_', '-'),
                definition.dataset(),
                definition.intervals(),
                limits.current(id),
                definition.limits());
    }
}
