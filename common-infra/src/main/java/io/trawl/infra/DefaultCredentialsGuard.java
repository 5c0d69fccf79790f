package io.trawl.infra;

import io.trawl.infra.amqp.MessageProperties;
import io.trawl.infra.amqp.MessageSigner;
import io.trawl.infra.storage.StorageProperties;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.env.Environment;

/**
 * Refuses to start a service outside a local run ({@code trawl.deployment} other than {@code local}) while any
 * credential still has the value anyone can read in Trawl's source or in RabbitMQ's and Redis' defaults: the
 * broker's {@code guest} account, the embedded object store's key, the built-in message key, a Redis without a
 * password. A local run only warns (the message key does, see {@link MessageSigner}).
 */
public final class DefaultCredentialsGuard {

    private static final Logger log = LoggerFactory.getLogger(DefaultCredentialsGuard.class);
    static final String DEFAULT_STORAGE_SECRET = "trawl-local-secret";

    /** Checks the service's settings; throws naming every default credential outside a local run. */
    public DefaultCredentialsGuard(Environment environment, StorageProperties storage, MessageProperties messages) {
        String deployment = environment.getProperty("trawl.deployment", "local").toLowerCase(Locale.ROOT);
        List<String> defaults = defaults(environment, storage, messages);
        if (defaults.isEmpty()) {
            return;
        }
        if (!"local".equals(deployment)) {
            throw new IllegalStateException("trawl.deployment is '" + deployment + "' but these credentials are"
                    + " still the public defaults: " + String.join("; ", defaults)
                    + ". Set them from a secret (docs/security.md), or set trawl.deployment=local for a local run.");
        }
        log.info("Local run (trawl.deployment=local) with default credentials: {}", String.join("; ", defaults));
    }

    static List<String> defaults(Environment environment, StorageProperties storage, MessageProperties messages) {
        List<String> defaults = new ArrayList<>();
        if ("guest".equals(environment.getProperty("spring.rabbitmq.username", "guest"))
                || "guest".equals(environment.getProperty("spring.rabbitmq.password", "guest"))) {
            defaults.add("the broker account is guest/guest (spring.rabbitmq.username/password)");
        }
        if (DEFAULT_STORAGE_SECRET.equals(storage.secretKey())) {
            defaults.add("the object store secret is the built-in one (trawl.storage.secret-key)");
        }
        if (new MessageSigner(messages.keys()).development()) {
            defaults.add("messages are signed with the built-in key (trawl.messages.keys)");
        }
        String redisPassword = environment.getProperty("spring.data.redis.password", "");
        String redisUrl = environment.getProperty("spring.data.redis.url", "");
        if (redisPassword.isBlank() && !redisUrl.contains("@")) {
            defaults.add("Redis has no password (spring.data.redis.password)");
        }
        return defaults;
    }
}
