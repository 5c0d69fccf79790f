package io.trawl.infra.control;

import io.trawl.infra.TrawlProperties;
import io.trawl.messages.JobState;
import io.trawl.messages.RedisKeys;
import io.trawl.messages.TaskState;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * The run/pause/cancel switches of jobs and tasks, in Redis where every worker reads them before it starts a
 * task. The orchestrator sets them (together with the job's state, in one script); workers only read. A job's
 * keys share the hash tag {@code {jobId}} with the job's records.
 */
public class JobControl {

    /** What a worker does with a task it was handed. */
    public enum Decision {
        RUN,
        PAUSED,
        CANCELLED
    }

    private static final Logger log = LoggerFactory.getLogger(JobControl.class);

    private final StringRedisTemplate redis;
    private final RedisKeys keys;

    public JobControl(StringRedisTemplate redis, TrawlProperties trawl) {
        this.redis = redis;
        this.keys = trawl.topology().redis();
    }

    /** One round trip: whether the task may run now. */
    public Decision decide(String jobId, String taskId) {
        List<String> values =
                redis.opsForValue().multiGet(List.of(keys.jobControl(jobId), keys.taskControl(jobId, taskId)));
        String job = values == null ? null : values.get(0);
        String task = values == null ? null : values.get(1);
        if (JobState.CANCELLED.name().equals(job) || TaskState.CANCELLED.name().equals(task)) {
            return Decision.CANCELLED;
        }
        return JobState.PAUSED.name().equals(job) ? Decision.PAUSED : Decision.RUN;
    }

    /** Records that a job has tasks parked, so the orchestrator releases them when it resumes. */
    public void markParked(String jobId) {
        redis.opsForSet().add(keys.parkedJobs(), jobId);
    }
}
