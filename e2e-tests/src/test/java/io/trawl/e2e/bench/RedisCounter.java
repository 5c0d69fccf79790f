package io.trawl.e2e.bench;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.trawl.testsupport.TestInfrastructure;

/**
 * Redis's own counts around a job ({@code INFO commandstats}, {@code INFO stats}): the commands it ran, those
 * called inside scripts included, and the connections it accepted, so a benchmark can say how many of each one
 * task costs. The counter's own connection and INFO calls are a constant, not per task.
 */
final class RedisCounter implements AutoCloseable {

    /** Commands run and connections accepted so far. */
    record Counts(long commands, long connections) {

        /** Per task, from {@code before} to this. */
        double commandsPerTask(Counts before, long tasks) {
            return (commands - before.commands) / (double) tasks;
        }

        double connectionsPerTask(Counts before, long tasks) {
            return (connections - before.connections) / (double) tasks;
        }
    }

    private final RedisClient client;
    private final StatefulRedisConnection<String, String> connection;

    RedisCounter() {
        TestInfrastructure.Endpoints infra = TestInfrastructure.endpoints();
        client = RedisClient.create(RedisURI.create(infra.redisHost(), infra.redisPort()));
        connection = client.connect();
    }

    Counts snapshot() {
        long commands = 0;
        for (String line : connection.sync().info("commandstats").split("\r?\n")) {
            // cmdstat_get:calls=3,usec=...
            int calls = line.indexOf("calls=");
            if (line.startsWith("cmdstat_") && calls > 0) {
                commands += Long.parseLong(line.substring(calls + 6, line.indexOf(',', calls)));
            }
        }
        long connections = -1;
        for (String line : connection.sync().info("stats").split("\r?\n")) {
            if (line.startsWith("total_connections_received:")) {
                connections =
                        Long.parseLong(line.substring(line.indexOf(':') + 1).strip());
            }
        }
        return new Counts(commands, connections);
    }

    @Override
    public void close() {
        connection.close();
        client.shutdown();
    }
}
