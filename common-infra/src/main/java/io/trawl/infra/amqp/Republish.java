package io.trawl.infra.amqp;

import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.Iterator;
import java.util.Map;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageBuilder;
import org.springframework.amqp.core.MessageBuilderSupport;
import org.springframework.amqp.core.MessageDeliveryMode;
import org.springframework.amqp.core.MessageProperties;

/**
 * Copies a delivery for republishing (to a delay, wait, parking or dead-letter queue, or back to its task queue)
 * so that the copy always fits the broker's frame: header values longer than {@link #MAX_HEADER} characters are
 * replaced by a note of their size, as Spring AMQP's {@code RepublishMessageRecoverer} truncates its stack
 * traces. A forged delivery with a 200 KB header would otherwise fail every republish ({@code Content headers
 * exceeded max frame size}) and come back for ever.
 */
public final class Republish {

    /** The longest header value kept as is; Trawl's own headers are far shorter. */
    public static final int MAX_HEADER = 1_024;

    /** The most characters of a reason written into a header. */
    public static final int MAX_REASON = 500;

    private Republish() {}

    /** A persistent copy of {@code delivery} with every header bounded. */
    public static MessageBuilderSupport<Message> copyOf(Message delivery) {
        bound(delivery.getMessageProperties());
        return MessageBuilder.fromMessage(delivery).setDeliveryMode(MessageDeliveryMode.PERSISTENT);
    }

    /** Replaces each oversized header value of {@code properties} by a note of its size. */
    public static void bound(MessageProperties properties) {
        Map<String, Object> headers = properties.getHeaders();
        for (Iterator<Map.Entry<String, Object>> it = headers.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<String, Object> header = it.next();
            long size = size(header.getValue());
            if (header.getKey().length() > MAX_HEADER) {
                it.remove();
            } else if (size > MAX_HEADER) {
                header.setValue("(" + size + " characters dropped: longer than " + MAX_HEADER + ")");
            }
        }
    }

    /** Whether a delivery carries a header no Trawl service writes: one longer than {@link #MAX_HEADER}. */
    public static boolean oversized(MessageProperties properties) {
        for (Map.Entry<String, Object> header : properties.getHeaders().entrySet()) {
            if (header.getKey().length() > MAX_HEADER || size(header.getValue()) > MAX_HEADER) {
                return true;
            }
        }
        return false;
    }

    /** At most {@link #MAX_REASON} characters of {@code text}, marked when cut. */
    public static String excerpt(String text) {
        if (text == null || text.length() <= MAX_REASON) {
            return text;
        }
        return text.substring(0, MAX_REASON) + "… (" + text.length() + " characters)";
    }

    private static long size(Object value) {
        return switch (value) {
            case null -> 0;
            case String s -> s.length();
            case byte[] bytes -> bytes.length;
            case Collection<?> values ->
                values.stream().mapToLong(Republish::size).sum() + values.size();
            case Map<?, ?> map ->
                map.entrySet().stream()
                        .mapToLong(e -> size(e.getKey()) + size(e.getValue()))
                        .sum();
            default -> value.toString().getBytes(StandardCharsets.UTF_8).length;
        };
    }
}
