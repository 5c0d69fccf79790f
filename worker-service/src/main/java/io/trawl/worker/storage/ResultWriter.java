package io.trawl.worker.storage;

import io.trawl.infra.storage.ObjectStore;
import io.trawl.messages.CollectTask;
import io.trawl.messages.Partition;
import io.trawl.sources.ObjectKeys;
import io.trawl.sources.SourceDefinition;
import io.trawl.worker.WorkerProperties;
import io.trawl.worker.source.Fetched;
import io.trawl.worker.source.Validated;
import java.time.Clock;
import java.util.LinkedHashMap;
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

    /**
     * What a write stored.
     *
     * @param key the object's key
     * @param etag the entity tag the store answered the PUT with
     */
    public record Written(String key, String etag) {}

    /** Stores the archive and answers its key and entity tag. */
    public Written write(CollectTask task, String jobId, SourceDefinition source, Validated archive) {
        String key = key(task, source.extension());
        Fetched fetched = archive.fetched();
        Map<String, String> metadata = new LinkedHashMap<>(Map.ofEntries(
                Map.entry("sha256", fetched.sha256()),
                Map.entry("size", Long.toString(fetched.bytes())),
                Map.entry("rows", Long.toString(archive.rows())),
                Map.entry("source", task.source()),
                Map.entry("symbol", task.symbol()),
                Map.entry("partition", task.partition().token()),
                Map.entry("job-id", jobId),
                Map.entry("task-id", task.taskId()),
                Map.entry("worker-id", workerId),
                Map.entry("fetched-at", clock.instant().toString())));
        if (archive.firstOpen() != null) {
            metadata.put("first-open", archive.firstOpen().toString());
            metadata.put("last-open", archive.lastOpen().toString());
        }
        if (archive.gaps() > 0) {
            metadata.put("gaps", Long.toString(archive.gaps()));
        }
        // companions first: a stored object always has what belongs beside it
        for (Fetched.Companion companion : fetched.companions()) {
            Map<String, String> beside = new LinkedHashMap<>(metadata);
            beside.keySet().removeAll(java.util.Set.of("sha256", "size", "rows", "first-open", "last-open", "gaps"));
            beside.put("companion-of", key);
            store.put(key(task, companion.extension()), companion.file(), companion.contentType(), beside);
        }
        String etag = store.put(key, fetched.file(), fetched.contentType(), metadata);
        if (task.partition() instanceof Partition.Window window) {
            supersede(task, source, window, key);
        }
        return new Written(key, etag);
    }

    /**
     * Removes the windows (and no-data markers) that {@code window} now holds whole: a full run over what earlier
     * incremental runs stored piece by piece leaves every candle in exactly one object.
     */
    private void supersede(CollectTask task, SourceDefinition source, Partition.Window window, String stored) {
        String prefix = ObjectKeys.prefix(task.source(), task.dataset(), task.interval(), task.symbol());
        for (String key : store.list(prefix)) {
            if (key.equals(stored)) {
                continue;
            }
            ObjectKeys.partitionOf(prefix, key, source.extension())
                    .or(() -> ObjectKeys.partitionOf(prefix, key, ObjectKeys.NO_DATA_EXTENSION))
                    .filter(p -> p instanceof Partition.Window inner
                            && !inner.from().isBefore(window.from())
                            && !inner.until().isAfter(window.until()))
                    .ifPresent(p -> store.delete(key));
        }
    }

    /**
     * Records that the source has no data for the task's partition: an empty marker object beside where the
     * partition would be ({@code <partition>.nodata}), so coverage shows it as checked-absent and incremental
     * runs do not ask again until it is old enough to recheck. Never overwrites collected data.
     */
    public void markNoData(CollectTask task, String jobId, String reason) {
        if (task.partition() instanceof Partition.Snapshot) {
            return; // a snapshot with nothing new costs no storage: the next one is taken anyway
        }
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
        return ObjectKeys.of(
                task.source(), task.dataset(), task.interval(), task.symbol(), task.partition(), extension);
    }
}
