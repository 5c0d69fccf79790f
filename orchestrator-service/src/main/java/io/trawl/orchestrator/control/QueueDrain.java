package io.trawl.orchestrator.control;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.GetResponse;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.amqp.rabbit.support.DefaultMessagePropertiesConverter;
import org.springframework.amqp.rabbit.support.MessagePropertiesConverter;
import org.springframework.stereotype.Component;

/**
 * Takes messages off a queue one by one on a channel of its own and lets the caller decide each: a message
 * is acked only once the caller handled it (e.g. republished it, confirmed), and every message the caller
 * keeps is returned to the queue at the end, so nothing is lost if this process dies midway.
 */
@Component
public class QueueDrain {

    /** What to do with one message. */
    public enum Verdict {
        /** Handled (republished or deliberately dropped): ack it. */
        TAKE,
        /** Leave it in the queue. */
        KEEP
    }

    /** Decides one message; throwing keeps it and stops the drain. */
    @FunctionalInterface
    public interface Handler {
        Verdict handle(Message message);
    }

    /**
     * How a drain went.
     *
     * @param taken messages handled and acked
     * @param kept messages returned to the queue
     */
    public record Result(long taken, long kept) {}

    private final RabbitTemplate rabbit;
    private final MessagePropertiesConverter converter = new DefaultMessagePropertiesConverter();

    public QueueDrain(RabbitTemplate rabbit) {
        this.rabbit = rabbit;
    }

    /**
     * Drains up to {@code max} of the messages the queue holds when the drain begins (or fewer, if it empties
     * first). A missing queue drains nothing.
     */
    public Result drain(String queue, long max, Handler handler) {
        return rabbit.execute(channel -> {
            long depth = depth(channel, queue);
            if (depth < 0) {
                return new Result(0, 0);
            }
            // only what was there when the drain began: messages published meanwhile (a replayed task that
            // failed again) are not read back by the same drain
            long limit = Math.min(max, depth);
            List<Long> kept = new ArrayList<>();
            long taken = 0;
            try {
                for (long seen = 0; seen < limit; seen++) {
                    GetResponse response = channel.basicGet(queue, false);
                    if (response == null) {
                        break;
                    }
                    MessageProperties properties =
                            converter.toMessageProperties(response.getProps(), response.getEnvelope(), "UTF-8");
                    long tag = response.getEnvelope().getDeliveryTag();
                    if (handler.handle(new Message(response.getBody(), properties)) == Verdict.TAKE) {
                        channel.basicAck(tag, false);
                        taken++;
                    } else {
                        kept.add(tag);
                    }
                }
            } finally {
                for (long tag : kept) {
                    channel.basicNack(tag, false, true);
                }
                if (!kept.isEmpty()) {
                    // a round trip to the queue on this channel, after the nacks: the broker has put the kept
                    // messages back once it answers, so the next reader (the lock released next) counts them;
                    // without it a summary right after another could count a queue whose messages were in transit
                    depth(channel, queue);
                }
            }
            return new Result(taken, kept.size());
        });
    }

    /** Messages ready in {@code queue}, or -1 when it does not exist. */
    private static long depth(Channel channel, String queue) {
        try {
            return channel.queueDeclarePassive(queue).getMessageCount();
        } catch (IOException e) {
            return -1;
        }
    }
}
