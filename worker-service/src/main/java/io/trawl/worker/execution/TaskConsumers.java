package io.trawl.worker.execution;

import io.trawl.infra.TrawlProperties;
import io.trawl.worker.WorkerProperties;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.core.AcknowledgeMode;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.amqp.rabbit.listener.SimpleMessageListenerContainer;
import org.springframework.context.ApplicationContext;
import org.springframework.context.SmartLifecycle;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.stereotype.Component;

/**
 * One listener container per source queue, so a slow or throttled source holds only its own consumers.
 * Consumers run on virtual threads with manual acks and a small prefetch. Stopping lets in-flight tasks
 * finish within {@code trawl.worker.shutdown-timeout}; unacked ones go back to the queue. Each delivery is
 * observed: the task runs in a consumer span that continues the trace of the request that queued it.
 */
@Component
public class TaskConsumers implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(TaskConsumers.class);

    private final List<SimpleMessageListenerContainer> containers = new ArrayList<>();
    private final TaskIntake intake;
    private volatile boolean running;

    public TaskConsumers(
            ConnectionFactory connectionFactory,
            TaskListener listener,
            TrawlProperties trawl,
            WorkerProperties worker,
            TaskIntake intake,
            ApplicationContext context) {
        this.intake = intake;
        for (String source : trawl.sources().keySet()) {
            SimpleMessageListenerContainer container = new SimpleMessageListenerContainer(connectionFactory);
            container.setQueueNames(trawl.topology().taskQueue(source));
            container.setAcknowledgeMode(AcknowledgeMode.MANUAL);
            container.setPrefetchCount(worker.prefetch());
            container.setConcurrentConsumers(worker.concurrency());
            container.setDefaultRequeueRejected(false);
            container.setShutdownTimeout(worker.shutdownTimeout().toMillis());
            SimpleAsyncTaskExecutor executor = new SimpleAsyncTaskExecutor("task-" + source + "-");
            executor.setVirtualThreads(true);
            container.setTaskExecutor(executor);
            container.setMessageListener(listener);
            // a consumer span per task, continuing the trace from the message's traceparent header
            container.setObservationEnabled(true);
            container.setApplicationContext(context);
            container.afterPropertiesSet();
            containers.add(container);
        }
    }

    @Override
    public void start() {
        containers.forEach(SimpleMessageListenerContainer::start);
        running = true;
        log.info(
                "Consuming {}",
                containers.stream()
                        .map(c -> String.join(",", c.getQueueNames()))
                        .toList());
    }

    /**
     * Stops taking tasks at once (a task delivered meanwhile goes back to the queue); in-flight ones finish
     * while the consumers stop, in the background, so the caller does not wait for them.
     */
    public synchronized void pause() {
        intake.close();
        containers.forEach(container ->
                Thread.ofVirtual().name("pause-" + container.getQueueNames()[0]).start(container::stop));
    }

    /** Takes tasks again after {@link #pause()}. */
    public synchronized void resume() {
        intake.reopen();
        containers.forEach(SimpleMessageListenerContainer::start);
    }

    /** Whether an operator paused this worker. */
    public boolean paused() {
        return !intake.open();
    }

    @Override
    public void stop() {
        containers.parallelStream().forEach(SimpleMessageListenerContainer::stop);
        running = false;
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
