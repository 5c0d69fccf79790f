package io.trawl.infra.amqp;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How messages on the bus are signed ({@code trawl.messages}).
 *
 * @param keys signing keys, {@code id:secret} pairs (secret at least 16 characters), comma-separated: the first
 *     signs, every one verifies. Defaults to a built-in key for local runs, with a warning at start-up; set it from
 *     a secret everywhere else
 */
@ConfigurationProperties("trawl.messages")
public record MessageProperties(
        @DefaultValue(MessageSigner.DEVELOPMENT_KEYS) String keys) {}
