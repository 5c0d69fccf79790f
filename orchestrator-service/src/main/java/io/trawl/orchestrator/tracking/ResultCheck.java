package io.trawl.orchestrator.tracking;

import io.trawl.infra.storage.ObjectStore;
import io.trawl.infra.storage.StoredObject;
import io.trawl.messages.TaskEventData;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * Believes a {@code completed} event only when the object it names is in the store as described: its size, and
 * the sha256 its writer recorded in the metadata (one HEAD, no download). A forged event, or one whose
 * object was lost since, is not applied.
 */
@Component
class ResultCheck {

    private final ObjectStore store;

    ResultCheck(ObjectStore store) {
        this.store = store;
    }

    /** Why {@code completed} is not believed, or empty when its object is there as described. */
    Optional<String> doubt(TaskEventData.Completed completed) {
        Optional<StoredObject> stored = store.stat(completed.objectKey());
        if (stored.isEmpty()) {
            return Optional.of("no object " + completed.objectKey() + " in the store");
        }
        StoredObject object = stored.get();
        if (object.size() != completed.bytes()) {
            return Optional.of("object " + completed.objectKey() + " holds " + object.size() + " bytes, the event says "
                    + completed.bytes());
        }
        if (!completed.sha256().equals(object.metadata().get("sha256"))) {
            return Optional.of("object " + completed.objectKey() + " has another sha256 than the event says");
        }
        return Optional.empty();
    }
}
