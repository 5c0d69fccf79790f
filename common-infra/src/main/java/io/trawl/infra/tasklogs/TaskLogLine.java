package io.trawl.infra.tasklogs;

import java.time.Instant;

/**
 * One log line a worker wrote while it ran a task.
 *
 * @param time when it was logged
 * @param level log level
 * @param worker the worker that ran the task
 * @param logger the logging class (simple name)
 * @param message the formatted message, with the exception's class and message if one was logged
 * @param traceId OpenTelemetry trace the line belongs to, or null
 */
public record TaskLogLine(Instant time, String level, String worker, String logger, String message, String traceId) {}
