package io.trawl.testsupport;

import io.trawl.messages.Topology;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * A Redis connection for tests that need no Spring context, scoped to one namespace. Register it as a JUnit
 * extension ({@code @RegisterExtension static final TestRedis REDIS = TestRedis.connect(ns);}): after the
 * class it deletes the namespace's keys and disconnects.
 */
public final class TestRedis implements AutoCloseable, AfterAllCallback {

    private final LettuceConnectionFactory connections;
    private final StringRedisTemplate template;
    private final Topology topology;

    private TestRedis(LettuceConnectionFactory connections, Topology topology) {
        this.connections = connections;
        this.template = new StringRedisTemplate(connections);
        this.topology = topology;
    }

    /** Connects to the test Redis for {@code namespace}. */
    public static TestRedis connect(String namespace) {
        TestInfrastructure.Endpoints infra = TestInfrastructure.endpoints();
        LettuceConnectionFactory connections = new LettuceConnectionFactory(infra.redisHost(), infra.redisPort());
        connections.afterPropertiesSet();
        connections.start();
        return new TestRedis(connections, new Topology(namespace));
    }

    public StringRedisTemplate template() {
        return template;
    }

    @Override
    public void afterAll(ExtensionContext context) {
        close();
    }

    @Override
    public void close() {
        NamespaceCleanup.redis(template, topology);
        connections.destroy();
    }
}
