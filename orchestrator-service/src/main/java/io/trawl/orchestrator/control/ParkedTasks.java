package io.trawl.orchestrator.control;

import io.trawl.infra.TrawlProperties;
import io.trawl.infra.amqp.ConfirmedPublisher;
import io.trawl.infra.amqp.MessageSigner;
import io.trawl.infra.amqp.Republish;
import io.trawl.messages.DeadLetterHeaders;
import io.trawl.messages.JobState;
import io.trawl.messages.Topology;
import io.trawl.orchestrator.tracking.JobStore;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.core.AmqpAdmin;
import org.springframework.amqp.core.Message;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Tasks workers parked while their job was paused. When the job runs again they go back to their sources'
 * queues (each republished and confirmed before it is taken off the parked queue); when it ended or was
 * cancelled they are dropped. A sweep repeats this for every job with parked tasks, so a task parked just as
 * its job resumed, or an orchestrator that died midway, leaves nothing behind.
 */
@Component
public class ParkedTasks {

    private static final Logger log = LoggerFactory.getLogger(ParkedTasks.class);

    private final QueueDrain drain;
    private final ConfirmedPublisher publisher;
    private final AmqpAdmin admin;
    private final StringRedisTemplate redis;
    private final JobStore jobs;
    private final Topology topology;
    private final MessageSigner signer;

    public ParkedTasks(
            QueueDrain drain,
            ConfirmedPublisher publisher,
            AmqpAdmin admin,
            StringRedisTemplate redis,
            JobStore jobs,
            TrawlProperties trawl,
            MessageSigner signer) {
        this.signer = signer;
        this.drain = drain;
        this.publisher = publisher;
        this.admin = admin;
        this.redis = redis;
        this.jobs = jobs;
        this.topology = trawl.topology();
    }

    /** Returns the job's parked tasks to their queues; answers how many. */
    public long release(String jobId) {
        String queue = topology.parkedQueue(jobId);
        QueueDrain.Result result = drain.drain(queue, Long.MAX_VALUE, message -> {
            String source = (String) message.getMessageProperties().getHeader(DeadLetterHeaders.SOURCE);
            if (source == null) {
                log.warn("Parked message {} of Job(id={}) names no source; dropped", message, jobId);
                return QueueDrain.Verdict.TAKE;
            }
            MessageSigner.Verdict verdict = signer.verify(message);
            if (verdict != MessageSigner.Verdict.VALID) {
                log.warn(
                        "Parked message {} of Job(id={}) is not signed by a Trawl key ({}); dropped",
                        message.getMessageProperties().getMessageId(),
                        jobId,
                        verdict.tag());
                return QueueDrain.Verdict.TAKE;
            }
            publisher.publish(topology.tasksExchange(), source, unparked(message));
            return QueueDrain.Verdict.TAKE;
        });
        if (result.taken() > 0) {
            log.info("Job(id={}) released {} parked task(s)", jobId, result.taken());
        }
        retire(jobId, queue);
        return result.taken();
    }

    /** Drops the job's parked tasks (the job was cancelled). */
    public void drop(String jobId) {
        String queue = topology.parkedQueue(jobId);
        admin.deleteQueue(queue);
        redis.opsForSet().remove(topology.redis().parkedJobs(), jobId);
    }

    /** Releases or drops the parked tasks of every job that is no longer paused. */
    @Scheduled(fixedDelayString = "${trawl.orchestrator.parked-sweep:5s}")
    public void sweep() {
        Set<String> parked = redis.opsForSet().members(topology.redis().parkedJobs());
        if (parked == null) {
            return;
        }
        for (String jobId : parked) {
            Optional<JobState> state = jobs.state(jobId);
            if (state.isEmpty()
                    || state.get() == JobState.CANCELLED
                    || state.get() == JobState.COMPLETED
                    || state.get() == JobState.FAILED) {
                drop(jobId);
            } else if (state.get() != JobState.PAUSED) {
                release(jobId);
            }
        }
    }

    private void retire(String jobId, String queue) {
        // deleted only when empty: a worker may have parked one more task meanwhile (the next sweep takes it)
        try {
            admin.deleteQueue(queue, false, true);
            redis.opsForSet().remove(topology.redis().parkedJobs(), jobId);
        } catch (RuntimeException e) {
            log.debug("Parked queue {} not deleted yet: {}", queue, e.getMessage());
        }
    }

    private static Message unparked(Message parked) {
        parked.getMessageProperties().getHeaders().remove(DeadLetterHeaders.SOURCE);
        Republish.bound(parked.getMessageProperties());
        return parked;
    }
}
