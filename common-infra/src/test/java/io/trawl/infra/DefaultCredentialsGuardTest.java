package io.trawl.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.trawl.infra.amqp.MessageProperties;
import io.trawl.infra.amqp.MessageSigner;
import io.trawl.infra.storage.StorageProperties;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.mock.env.MockEnvironment;

class DefaultCredentialsGuardTest {

    private static final MessageProperties DEVELOPMENT = new MessageProperties(MessageSigner.DEVELOPMENT_KEYS);
    private static final MessageProperties SECRET = new MessageProperties("k1:a-secret-from-the-vault");

    @Test
    void aLocalRunStartsWithTheDefaults() {
        new DefaultCredentialsGuard(new MockEnvironment(), storage("trawl-local-secret"), DEVELOPMENT);
    }

    @Test
    void outsideALocalRunEveryDefaultCredentialIsNamedAndStartUpRefused() {
        MockEnvironment production = new MockEnvironment().withProperty("trawl.deployment", "production");

        assertThatThrownBy(() -> new DefaultCredentialsGuard(production, storage("trawl-local-secret"), DEVELOPMENT))
                .hasMessageContaining("guest/guest")
                .hasMessageContaining("trawl.storage.secret-key")
                .hasMessageContaining("trawl.messages.keys")
                .hasMessageContaining("spring.data.redis.password");
    }

    @Test
    void outsideALocalRunSecretsFromTheEnvironmentPass() {
        MockEnvironment production = new MockEnvironment()
                .withProperty("trawl.deployment", "production")
                .withProperty("spring.rabbitmq.username", "trawl-worker")
                .withProperty("spring.rabbitmq.password", "from-a-secret")
                .withProperty("spring.data.redis.password", "from-a-secret");

        new DefaultCredentialsGuard(production, storage("from-a-secret"), SECRET);
        assertThat(DefaultCredentialsGuard.defaults(production, storage("from-a-secret"), SECRET))
                .isEmpty();
    }

    private static StorageProperties storage(String secret) {
        return new Binder(new MapConfigurationPropertySource(java.util.Map.of("trawl.storage.secret-key", secret)))
                .bindOrCreate("trawl.storage", StorageProperties.class);
    }
}
