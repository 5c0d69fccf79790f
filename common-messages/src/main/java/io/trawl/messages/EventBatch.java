package io.trawl.messages;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.List;

/**
 * Several task events in one message (AMQP type {@link MessageTypes#TASK_EVENT_BATCH_V1}, content type {@link
 * MessageTypes#BATCH}: a JSON array of {@link TaskEvent} envelopes): the results of a {@link TaskBundle}'s tasks,
 * published together. Each event is applied, believed or dead-lettered on its own, exactly as if it had come alone.
 *
 * @param events 1 to {@link MessageTypes#MAX_BATCH} events of the same job and source, distinct event ids
 */
public record EventBatch(List<TaskEvent> events) {

    private static final BatchRules.Shape<TaskEvent> SHAPE =
            new BatchRules.Shape<>("an", "event", "batch", TaskEvent::jobid, TaskEvent::sourceid, TaskEvent::id);

    public EventBatch {
        events = BatchRules.checked(SHAPE, events);
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
