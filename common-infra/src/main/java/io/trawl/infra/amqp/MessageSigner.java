package io.trawl.infra.amqp;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageProperties;

/**
 * Signs every message a Trawl service publishes and verifies every message it consumes: an HMAC-SHA256 over the
 * message type and the body, in the {@value #HEADER} header as {@code <key id>:<base64url>}. Keys come from a
 * secret ({@code trawl.messages.keys}: {@code id:secret} pairs, comma-separated); the first signs, every one
 * verifies, so a key is rotated by adding the new one first, rolling out, then dropping the old one. Broker
 * credentials alone (the default {@code guest} account) no longer let anyone forge a task, an event or an order.
 */
public final class MessageSigner {

    /** The header carrying the signature. */
    public static final String HEADER = "x-trawl-signature";

    /** The key of the local run, used when none is configured; services warn about it. */
    public static final String DEVELOPMENT_KEYS = "local:trawl-local-development-message-key";

    private static final String ALGORITHM = "HmacSHA256";
    private static final int SHORTEST_SECRET = 16;

    /** What a received message's signature came to. */
    public enum Verdict {
        VALID,
        UNSIGNED,
        UNKNOWN_KEY,
        BAD_SIGNATURE;

        /** The verdict as a metric tag and in reasons, e.g. {@code bad-signature}. */
        public String tag() {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        }
    }

    private final Map<String, SecretKeySpec> keys = new LinkedHashMap<>();
    private final String signingKey;
    private final boolean development;

    /** @param keys {@code id:secret} pairs, comma-separated; the first signs */
    public MessageSigner(String keys) {
        if (keys == null || keys.isBlank()) {
            throw new IllegalArgumentException("trawl.messages.keys must name at least one id:secret pair");
        }
        for (String pair : keys.split(",")) {
            int colon = pair.indexOf(':');
            String id = colon < 0 ? "" : pair.substring(0, colon).strip();
            String secret = colon < 0 ? "" : pair.substring(colon + 1).strip();
            if (id.isEmpty() || !id.matches("[A-Za-z0-9._-]{1,32}")) {
                throw new IllegalArgumentException(
                        "trawl.messages.keys: each key is id:secret with an id of 1-32 letters, digits, '.', '_'"
                                + " or '-'");
            }
            if (secret.length() < SHORTEST_SECRET) {
                throw new IllegalArgumentException("trawl.messages.keys: the secret of key '" + id
                        + "' is shorter than " + SHORTEST_SECRET + " characters");
            }
            if (this.keys.putIfAbsent(id, new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), ALGORITHM))
                    != null) {
                throw new IllegalArgumentException("trawl.messages.keys: key id '" + id + "' is given twice");
            }
        }
        this.signingKey = this.keys.keySet().iterator().next();
        this.development = DEVELOPMENT_KEYS.equals(keys.strip());
    }

    /** Whether only the built-in key of the local run is configured. */
    public boolean development() {
        return development;
    }

    /** Signs {@code message} in place with the first key (replacing any signature it had); answers it. */
    public Message sign(Message message) {
        MessageProperties properties = message.getMessageProperties();
        properties.setHeader(
                HEADER, signingKey + ":" + mac(keys.get(signingKey), properties.getType(), message.getBody()));
        return message;
    }

    /** Checks {@code message}'s signature against every configured key. */
    public Verdict verify(Message message) {
        Object header = message.getMessageProperties().getHeaders().get(HEADER);
        if (header == null) {
            return Verdict.UNSIGNED;
        }
        String text = header.toString();
        int colon = text.indexOf(':');
        SecretKeySpec key = colon < 0 ? null : keys.get(text.substring(0, colon));
        if (key == null) {
            return Verdict.UNKNOWN_KEY;
        }
        byte[] expected = mac(key, message.getMessageProperties().getType(), message.getBody())
                .getBytes(StandardCharsets.US_ASCII);
        byte[] given = text.substring(colon + 1).getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(expected, given) ? Verdict.VALID : Verdict.BAD_SIGNATURE;
    }

    private static String mac(SecretKeySpec key, String type, byte[] body) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            mac.update((type == null ? "" : type).getBytes(StandardCharsets.UTF_8));
            mac.update((byte) '\n');
            return Base64.getUrlEncoder().withoutPadding().encodeToString(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }
}
