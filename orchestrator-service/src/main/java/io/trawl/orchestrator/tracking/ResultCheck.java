package io.trawl.orchestrator.tracking;

import io.trawl.infra.storage.ObjectStore;
import io.trawl.infra.storage.StoredObject;
import io.trawl.messages.TaskEventData;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * Believes a {@code completed} event only when the object it names is in the store as described. Events whose
 * objects lie side by side under one prefix (a bundle's months of one symbol) are checked by one listing of that
 * run of keys: each key there with the size and the entity tag the worker's PUT was answered with. Any other event,
 * and one the listing does not vouch for, by one HEAD: its size, and the sha256 its writer recorded in the metadata
 * (no download). A forged event, or one whose object was lost since, is not applied.
 */
@Component
class ResultCheck {

    private final ObjectStore store;

    ResultCheck(ObjectStore store) {
        this.store = store;
    }

    /** Why each of {@code events} is not believed; an event believed has no entry. */
    Map<TaskEventData.Completed, String> doubts(List<TaskEventData.Completed> events) {
        Map<TaskEventData.Completed, String> doubts = new IdentityHashMap<>();
        Map<String, List<TaskEventData.Completed>> runs = new LinkedHashMap<>();
        for (TaskEventData.Completed completed : events) {
            if (completed.etag() == null) {
                doubt(completed).ifPresent(why -> doubts.put(completed, why));
            } else {
                runs.computeIfAbsent(prefix(completed.objectKey()), p -> new ArrayList<>())
                        .add(completed);
            }
        }
        runs.forEach((prefix, run) -> {
            Map<String, ObjectStore.Sized> listed = run.size() == 1 ? Map.of() : listing(prefix, run);
            for (TaskEventData.Completed completed : run) {
                ObjectStore.Sized object = listed.get(completed.objectKey());
                boolean vouched = object != null
                        && object.size() == completed.bytes()
                        && completed.etag().equals(object.etag());
                if (!vouched) {
                    doubt(completed).ifPresent(why -> doubts.put(completed, why));
                }
            }
        });
        return doubts;
    }

    /** The objects from the first to the last key of {@code run}, from one listing request. */
    private Map<String, ObjectStore.Sized> listing(String prefix, List<TaskEventData.Completed> run) {
        List<String> keys = run.stream()
                .map(TaskEventData.Completed::objectKey)
                .sorted(Comparator.naturalOrder())
                .toList();
        Map<String, ObjectStore.Sized> listed = new HashMap<>();
        for (ObjectStore.Sized object : store.sized(prefix, justBefore(keys.getFirst()), keys.getLast())) {
            listed.put(object.key(), object);
        }
        return listed;
    }

    /** Why {@code completed} is not believed, or empty when its object is there as described (one HEAD). */
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

    /** The key's "folder": everything up to its last {@code /}. */
    private static String prefix(String key) {
        return key.substring(0, key.lastIndexOf('/') + 1);
    }

    /**
     * A key that sorts before {@code key} and after every key that sorts before it but does not start with it less
     * its last character: a listing that starts after it starts at {@code key}, give or take keys no Trawl writes.
     */
    private static String justBefore(String key) {
        char last = key.charAt(key.length() - 1);
        return key.substring(0, key.length() - 1) + (char) (last - 1);
    }
}
