package io.trawl.worker.execution;

import com.rabbitmq.client.Channel;
import io.trawl.infra.TrawlProperties;
import io.trawl.infra.amqp.ConfirmedPublisher;
import io.trawl.messages.TaskMessage;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageBuilder;
import org.springframework.amqp.rabbit.listener.api.ChannelAwareMessageListener;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Decodes a task delivery, sets the MDC and delegates to {@link TaskRunner}; acks only after the outcome
 * event is confirmed. A message that cannot be decoded is poison: it goes to the dead-letter queue with the
 * reason in {@code x-exception-*} headers, never back to the queue. If the outcome cannot be published the
 * delivery is returned to the queue and will run again (results are idempotent). A task of a
 * concurrency-limited job that already holds its share of this worker's consumers is set aside for a
 * second ({@link TaskDeferrer}) instead of blocking a consumer.
 */
@Component
public class TaskListener implements ChannelAwareMessageListener {

    private static final Logger log = LoggerFactory.getLogger(TaskListener.class);

    private final JsonMapper json;
    private final TaskRunner runner;
    private final ConfirmedPublisher publisher;
    private final String deadLetterExchange;
    private final JobSlots jobSlots;
    private final TaskDeferrer deferrer;

    public TaskListener(
            JsonMapper json,
            TaskRunner runner,
            ConfirmedPublisher publisher,
            TrawlProperties trawl,
            JobSlots jobSlots,
            TaskDeferrer deferrer) {
        this.json = json;
        this.runner = runner;
        this.publisher = publisher;
        this.jobSlots = jobSlots;
        this.deferrer = deferrer;
        this.deadLetterExchange = trawl.topology().deadLetterExchange();
    }

    @Override
    public void onMessage(Message message, Channel channel) throws IOException {
        long tag = message.getMessageProperties().getDeliveryTag();
        TaskMessage task;
        try {
            task = json.readValue(message.getBody(), TaskMessage.class);
        } catch (RuntimeException e) {
            deadLetter(message, e);
            channel.basicAck(tag, false);
            return;
        }
        MDC.put("jobId", task.jobid());
        MDC.put("taskId", task.data().taskId());
        int jobConcurrency = task.data().jobConcurrency();
        try {
            if (jobConcurrency > 0 && !jobSlots.tryEnter(task.jobid(), jobConcurrency)) {
                deferrer.defer(message, task.data().source());
                channel.basicAck(tag, false);
                return;
            }
            try {
                Integer priority = message.getMessageProperties().getPriority();
                runner.run(task, priority == null ? 0 : priority);
            } finally {
                if (jobConcurrency > 0) {
                    jobSlots.exit(task.jobid());
                }
            }
            channel.basicAck(tag, false);
        } catch (RuntimeException e) {
            log.error(
                    "Task(id={}, source={}, attempt={}) could not be finished; returning it to the queue",
                    task.data().taskId(),
                    task.data().source(),
                    task.data().attempt(),
                    e);
            channel.basicNack(tag, false, true);
        } finally {
            MDC.clear();
        }
    }

    private void deadLetter(Message message, RuntimeException cause) {
        String queue = message.getMessageProperties().getConsumerQueue();
        log.warn(
                "Poison message {} on {} sent to {}: {}",
                message.getMessageProperties().getMessageId(),
                queue,
                deadLetterExchange,
                cause.getMessage());
        Message dead = MessageBuilder.fromMessage(message)
                .setHeader("x-exception-class", cause.getClass().getName())
                .setHeader("x-exception-message", String.valueOf(cause.getMessage()))
                .setHeader("x-original-queue", queue)
                .build();
        publisher.publish(deadLetterExchange, queue == null ? "" : queue, dead);
    }
}
