package io.trawl.orchestrator.deadletters;

import java.util.Map;

/**
 * What waits in the dead-letter queue.
 *
 * @param total dead letters
 * @param byErrorClass counts per error class
 * @param bySource counts per source
 * @param byJob counts per job
 */
public record DeadLetterSummary(
        long total, Map<String, Long> byErrorClass, Map<String, Long> bySource, Map<String, Long> byJob) {}
