package io.trawl.testsupport;

import io.trawl.messages.Topology;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;
import org.springframework.amqp.core.AmqpAdmin;
import org.springframework.data.redis.core.Cursor;
import org.springframework.data.redis.core.ScanOptions;
import org.springframework.data.redis.core.StringRedisTemplate;

/** Removes what a test class created under its namespace, so runs leave the shared services clean. */
public final class NamespaceCleanup {

    private NamespaceCleanup() {}

    /** Deletes the namespace's queues and exchanges, plus any extra queues the test declared. */
    public static void amqp(AmqpAdmin admin, Topology topology, Collection<String> sources, String... extraQueues) {
        for (String source : sources) {
            admin.deleteQueue(topology.taskQueue(source));
        }
        admin.deleteQueue(topology.orchestratorEventsQueue());
        admin.deleteQueue(topology.deadLetterQueue());
        admin.deleteQueue(topology.taskWaitQueue());
        for (long delay : Topology.RETRY_DELAYS_MILLIS) {
            admin.deleteQueue(topology.retryQueue(delay));
        }
        for (String queue : extraQueues) {
            admin.deleteQueue(queue);
        }
        admin.deleteExchange(topology.tasksExchange());
        admin.deleteExchange(topology.eventsExchange());
        admin.deleteExchange(topology.deadLetterExchange());
        admin.deleteExchange(topology.taskWaitExchange());
        admin.deleteExchange(topology.retryExchange());
        admin.deleteExchange(topology.controlExchange());
        admin.deleteExchange(topology.parkedExchange());
    }

    /** Deletes every Redis key under the namespace's prefix. */
    public static void redis(StringRedisTemplate redis, Topology topology) {
        Set<String> keys = new HashSet<>();
        ScanOptions match = ScanOptions.scanOptions()
                .match(topology.redis().prefix() + "*")
                .count(1000)
                .build();
        try (Cursor<String> cursor = redis.scan(match)) {
            cursor.forEachRemaining(keys::add);
        }
        if (!keys.isEmpty()) {
            redis.delete(keys);
        }
    }
}
