package io.trawl.worker.control;

import io.micrometer.core.instrument.MeterRegistry;
import io.trawl.infra.amqp.MessageSigner;
import io.trawl.infra.amqp.Quarantine;
import io.trawl.infra.amqp.Republish;
import io.trawl.messages.ControlMessage;
import io.trawl.messages.DeadLetterHeaders;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.AmqpRejectAndDontRequeueException;
import org.springframework.amqp.core.ExchangeTypes;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.rabbit.annotation.Exchange;
import org.springframework.amqp.rabbit.annotation.Queue;
import org.springframework.amqp.rabbit.annotation.QueueBinding;
import org.springframework.amqp.rabbit.annotation.RabbitListener;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Receives the orchestrator's control orders on this worker's own exclusive queue (bound to the fanout control
 * exchange, so every worker hears every order) and stops the named running tasks.
 */
@Component
public class ControlListener {

    private static final Logger log = LoggerFactory.getLogger(ControlListener.class);

    private final JsonMapper json;
    private final RunningTasks running;

    private final MessageSigner signer;
    private final MeterRegistry meters;

    private final Quarantine quarantine;

    public ControlListener(
            JsonMapper json, RunningTasks running, MessageSigner signer, MeterRegistry meters, Quarantine quarantine) {
        this.quarantine = quarantine;
        this.json = json;
        this.running = running;
        this.signer = signer;
        this.meters = meters;
    }

    @RabbitListener(
            bindings =
                    @QueueBinding(
                            value = @Queue(exclusive = "true", autoDelete = "true", durable = "false"),
                            exchange =
                                    @Exchange(
                                            value =
                                                    "#{new io.trawl.messages.Topology('${trawl.namespace:trawl}').controlExchange()}",
                                            type = ExchangeTypes.FANOUT)))
    public void onControl(Message message) {
        MessageSigner.Verdict verdict = signer.verify(message);
        if (verdict != MessageSigner.Verdict.VALID) {
            meters.counter("trawl.messages.rejected", "kind", "control", "reason", verdict.tag())
                    .increment();
            log.warn(
                    "Control message {} dead-lettered: not signed by a Trawl key ({}); nothing stopped",
                    message.getMessageProperties().getMessageId(),
                    verdict.tag());
            quarantine.deadLetter(
                    message,
                    DeadLetterHeaders.FORGED,
                    "control order not signed by a Trawl key (" + verdict.tag() + "): never applied");
            return;
        }
        ControlMessage order;
        try {
            order = json.readValue(message.getBody(), ControlMessage.class);
        } catch (RuntimeException e) {
            log.warn("Undecodable control message dropped: {}", Republish.excerpt(e.getMessage()));
            throw new AmqpRejectAndDontRequeueException("undecodable control message: " + e.getMessage(), e);
        }
        switch (order.action()) {
            case CANCEL_JOB -> {
                int stopped = running.cancelJob(order.jobId());
                log.info("Job(id={}) cancelled: stopped {} running task(s) here", order.jobId(), stopped);
            }
            case CANCEL_TASK -> {
                boolean stopped = running.cancelTask(order.taskId());
                log.info("Task(id={}) cancelled{}", order.taskId(), stopped ? ": stopped it here" : "");
            }
        }
    }
}
