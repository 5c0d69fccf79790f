package io.trawl.worker.storage;

import io.trawl.infra.storage.ObjectStore;
import io.trawl.messages.CollectTask;
import io.trawl.sources.ObjectKeys;
import io.trawl.sources.SourceDefinition;
import io.trawl.worker.source.FetchedArchive;
import java.time.Clock;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Stores a verified archive at its deterministic key with the metadata that makes the object store the
 * truth of what was collected: sha256, size, rows, source, job, task and fetch time. A re-run task rewrites
 * the same object with the same content.
 */
@Component
public class ResultWriter {

    private final ObjectStore store;
    private final Clock clock;

    public ResultWriter(ObjectStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /** Stores the archive and answers its key. */
    public String write(CollectTask task, String jobId, SourceDefinition source, FetchedArchive archive) {
        String key = ObjectKeys.of(task.source(), task.dataset(), task.interval(), task.symbol(), task.partition(),
                source.extension());
        store.put(key, archive.file(), "application/zip", Map.of(
                "sha256", archive.sha256(),
                "size", Long.toString(archive.bytes()),
                "rows", Long.toString(archive.rows()),
                "source", task.source(),
                "symbol", task.symbol(),
                "partition", task.partition().toString(),
                "job-id", jobId,
                "task-id", task.taskId(),
                "fetched-at", clock.instant().toString()));
        return key;
    }
}
