package io.trawl.messages;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Several task events in one message (AMQP type {@link MessageTypes#TASK_EVENT_BATCH_V1}, content type {@link
 * MessageTypes#BATCH}: a JSON array of {@link TaskEvent} envelopes): the results of a {@link TaskBundle}'s tasks,
 * published together. Each event is applied, believed or dead-lettered on its own, exactly as if it had come alone.
 *
 * @param events 1 to {@link MessageTypes#MAX_BATCH} events of the same job and source, distinct event ids
 */
public record EventBatch(List<TaskEvent> events) {

    public EventBatch {
        Require.present("events", events);
        if (events.isEmpty() || events.size() > MessageTypes.MAX_BATCH) {
            throw new IllegalArgumentException(
                    "an event batch holds 1 to " + MessageTypes.MAX_BATCH + " events, not " + events.size());
        }
        events = List.copyOf(events);
        TaskEvent first = events.getFirst();
        Set<String> ids = new HashSet<>();
        for (TaskEvent event : events) {
            if (!event.jobid().equals(first.jobid())) {
                throw new IllegalArgumentException("an event batch holds one job's events: "
                        + TaskBundle.excerpt(event.jobid()) + " beside " + TaskBundle.excerpt(first.jobid()));
            }
            if (!event.sourceid().equals(first.sourceid())) {
                throw new IllegalArgumentException("an event batch holds one source's events: "
                        + TaskBundle.excerpt(event.sourceid()) + " beside " + first.sourceid());
            }
            if (!ids.add(event.id())) {
                throw new IllegalArgumentException(
                        "event " + TaskBundle.excerpt(event.id()) + " is twice in one batch");
            }
        }
    }

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public static EventBatch of(List<TaskEvent> events) {
        return new EventBatch(events);
    }

    @JsonValue
    @Override
    public List<TaskEvent> events() {
        return events;
    }
}
