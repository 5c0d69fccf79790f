package io.trawl.worker.storage;

import io.trawl.infra.storage.ObjectStore;
import io.trawl.messages.CollectTask;
import io.trawl.sources.ObjectKeys;
import io.trawl.sources.SourceDefinition;
import io.trawl.worker.WorkerProperties;
import io.trawl.worker.source.Fetched;
import io.trawl.worker.source.Validated;
import java.time.Clock;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Stores a verified archive at its deterministic key with the metadata that makes the object store the
 * truth of what was collected: sha256, size, rows, source, job, task, worker and fetch time. A re-run task rewrites
 * the same object with the same content.
 */
@Component
public class ResultWriter {

    private final ObjectStore store;
    private final Clock clock;
    private final String workerId;

    public ResultWriter(ObjectStore store, Clock clock, WorkerProperties worker) {
        this.store = store;
        this.clock = clock;
        this.workerId = worker.id();
    }

    /** Stores the archive and answers its key. */
    public String write(CollectTask task, String jobId, SourceDefinition source, Validated archive) {
        String key = key(task, source.extension());
        Fetched fetched = archive.fetched();
        store.put(
                key,
                fetched.file(),
                fetched.contentType(),
                Map.ofEntries(
                        Map.entry("sha256", fetched.sha256()),
                        Map.entry("size", Long.toString(fetched.bytes())),
                        Map.entry("rows", Long.toString(archive.rows())),
                        Map.entry("source", task.source()),
                        Map.entry("symbol", task.symbol()),
                        Map.entry(
                                "partition",
                                task.date()
                                        .map(Object::toString)
                                        .orElse(task.partition().toString())),
                        Map.entry("job-id", jobId),
                        Map.entry("task-id", task.taskId()),
                        Map.entry("worker-id", workerId),
                        Map.entry("fetched-at", clock.instant().toString())));
        return key;
    }

    /**
     * Records that the source has no data for the task's partition: an empty marker object beside where the
     * partition would be ({@code <partition>.nodata}), so coverage shows it as checked-absent and incremental
     * runs do not ask again until it is old enough to recheck. Never overwrites collected data.
     */
    public void markNoData(CollectTask task, String jobId, String reason) {
        store.putEmpty(
                key(task, ObjectKeys.NO_DATA_EXTENSION),
                Map.of(
                        "source", task.source(),
                        "symbol", task.symbol(),
                        "reason", reason.length() > 200 ? reason.substring(0, 200) : reason,
                        "job-id", jobId,
                        "task-id", task.taskId(),
                        "checked-at", clock.instant().toString()));
    }

    private static String key(CollectTask task, String extension) {
        return task.date()
                .map(day ->
                        ObjectKeys.ofDay(task.source(), task.dataset(), task.interval(), task.symbol(), day, extension))
                .orElseGet(() -> ObjectKeys.of(
                        task.source(), task.dataset(), task.interval(), task.symbol(), task.partition(), extension));
    }
}
