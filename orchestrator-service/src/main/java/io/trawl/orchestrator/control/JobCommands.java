package io.trawl.orchestrator.control;

import static io.trawl.orchestrator.planning.InputBounds.excerpt;

import io.trawl.infra.TrawlProperties;
import io.trawl.infra.amqp.ConfirmedPublisher;
import io.trawl.infra.amqp.PublishException;
import io.trawl.messages.ControlMessage;
import io.trawl.messages.JobState;
import io.trawl.messages.MessageTypes;
import io.trawl.messages.Topology;
import io.trawl.orchestrator.tracking.JobCommand;
import io.trawl.orchestrator.tracking.JobStore;
import io.trawl.orchestrator.tracking.JobSwitches;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageBuilder;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Pause, resume and cancel, for jobs and single tasks. The switch workers check is set together with the state
 * (one script); a cancel is then broadcast to every worker, which stops the named running tasks at once, and
 * queued tasks are dropped as workers reach them.
 */
@Component
public class JobCommands {

    private static final Logger log = LoggerFactory.getLogger(JobCommands.class);

    private final JobStore jobs;
    private final JobSwitches switches;
    private final ParkedTasks parked;
    private final ConfirmedPublisher publisher;
    private final JsonMapper json;
    private final Topology topology;
    private final Clock clock;

    public JobCommands(
            JobStore jobs,
            JobSwitches switches,
            ParkedTasks parked,
            ConfirmedPublisher publisher,
            JsonMapper json,
            TrawlProperties trawl,
            Clock clock) {
        this.jobs = jobs;
        this.switches = switches;
        this.parked = parked;
        this.publisher = publisher;
        this.json = json;
        this.topology = trawl.topology();
        this.clock = clock;
    }

    /** Queued tasks wait (parked); running ones finish. */
    public JobState pause(String jobId) {
        JobState state = switches.control(jobId, JobCommand.PAUSE, clock.instant());
        log.info("Job(id={}) paused", jobId);
        return state;
    }

    /** Parked tasks go back to their queues. */
    public JobState resume(String jobId) {
        JobState state = switches.control(jobId, JobCommand.RESUME, clock.instant());
        long released = parked.release(jobId);
        log.info("Job(id={}) resumed; {} parked task(s) back in their queues", jobId, released);
        return state;
    }

    /** Running tasks are stopped, queued and parked ones dropped; the job ends CANCELLED. */
    public JobState cancel(String jobId) {
        JobState state = switches.control(jobId, JobCommand.CANCEL, clock.instant());
        broadcast(ControlMessage.cancelJob(jobId));
        long cancelled = switches.cancelAllTasks(jobId, clock.instant());
        parked.drop(jobId);
        log.info("Job(id={}) cancelled: {} task(s) had not ended", jobId, cancelled);
        return state;
    }

    /** The task's state and details. */
    public Map<Object, Object> task(String taskId) {
        return jobs.task(jobOf(taskId), taskId)
                .orElseThrow(() -> new NoSuchElementException("no task with id " + excerpt(taskId)));
    }

    /** Stops one task wherever it runs, or keeps it from running; answers the task's state afterwards. */
    public Map<Object, Object> cancelTask(String taskId) {
        String jobId = jobOf(taskId);
        Map<Object, Object> task = task(taskId);
        switches.markTaskCancelled(jobId, taskId);
        long cancelled = switches.cancelTasks(jobId, List.of(taskId), clock.instant());
        if (cancelled == 0) {
            throw new TaskConflictException(taskId, String.valueOf(task.get("state")));
        }
        broadcast(ControlMessage.cancelTask(jobId, taskId));
        log.info("Task(id={}) cancelled", taskId);
        return jobs.task(jobId, taskId).orElseThrow();
    }

    private void broadcast(ControlMessage order) {
        Message message = MessageBuilder.withBody(json.writeValueAsBytes(order))
                .setContentType(MessageTypes.JSON)
                .setType(MessageTypes.CONTROL_V1)
                .build();
        try {
            publisher.publish(topology.controlExchange(), "", message);
        } catch (PublishException e) {
            if (!e.unroutable()) {
                throw e;
            }
            log.info("No worker is listening for {}; queued tasks are dropped when a worker reaches them", order);
        }
    }

    /** Task ids start with their job id: {@code <jobId>.<source>.<symbol>.<interval>.<month>}. */
    private static String jobOf(String taskId) {
        int dot = taskId.indexOf('.');
        if (dot <= 0) {
            throw new NoSuchElementException("no task with id " + excerpt(taskId));
        }
        return taskId.substring(0, dot);
    }
}
