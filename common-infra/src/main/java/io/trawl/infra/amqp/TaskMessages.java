package io.trawl.infra.amqp;

import io.trawl.infra.TolerantReading;
import io.trawl.messages.MessageTypes;
import io.trawl.messages.TaskBundle;
import io.trawl.messages.TaskMessage;
import io.trawl.messages.TaskMessageV1;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads a task message of any version still accepted, by its CloudEvents {@code type}: {@code collect.v2} as it
 * is, {@code collect.v1} (queued before an upgrade) upgraded to v2; and a bundle of v2 tasks ({@link TaskBundle},
 * content type {@link MessageTypes#BATCH}). Any other type, or a body that does not decode, throws naming the
 * problem.
 */
public final class TaskMessages {

    private final JsonMapper json;
    private final ObjectReader v2;
    private final ObjectReader v1;
    private final ObjectReader bundles;

    public TaskMessages(JsonMapper json) {
        this.json = json;
        this.v2 = TolerantReading.of(json, TaskMessage.class);
        this.v1 = TolerantReading.of(json, TaskMessageV1.class);
        this.bundles = TolerantReading.of(json, TaskBundle.class);
    }

    /**
     * The tasks a delivery carries, in order: a bundle's when {@code contentType} is {@link MessageTypes#BATCH},
     * otherwise the one task {@link #read(byte[], String)} reads.
     */
    public List<TaskMessage> readAll(byte[] body, String declaredType, String contentType) {
        if (MessageTypes.BATCH.equals(contentType)) {
            return bundles.<TaskBundle>readValue(body).tasks();
        }
        return List.of(read(body, declaredType));
    }

    /** The task in {@code body}, as version 2. */
    public TaskMessage read(byte[] body) {
        return read(body, null);
    }

    /**
     * The task in {@code body}, as version 2; {@code declaredType} (the AMQP {@code type} property, may be null)
     * lets a v2 body be read in one pass instead of two. The body's own {@code type} decides either way.
     */
    public TaskMessage read(byte[] body, String declaredType) {
        if (MessageTypes.COLLECT_TASK_V2.equals(declaredType)) {
            try {
                TaskMessage task = v2.readValue(body);
                if (MessageTypes.COLLECT_TASK_V2.equals(task.type())) {
                    return task;
                }
            } catch (RuntimeException e) {
                // not what the property said: read as any other body, which names the problem
            }
        }
        JsonNode tree = json.readTree(body);
        String type = tree.path("type").asString("");
        return switch (type) {
            case MessageTypes.COLLECT_TASK_V2 -> v2.readValue(tree);
            case MessageTypes.COLLECT_TASK_V1 ->
                v1.<TaskMessageV1>readValue(tree).upgrade();
            default -> throw new IllegalArgumentException("not a task message: type '" + Republish.excerpt(type) + "'");
        };
    }
}
