package io.trawl.worker.source;

import java.util.function.BiConsumer;

/**
 * What a fetch reports back while it runs.
 *
 * @param progress bytes received so far, for progress events
 * @param resume hears connector-private state worth keeping for the task's next attempt (an archive's checksum,
 *     read once) as key and value; the next attempt carries it in {@code task.resume()}
 */
public record FetchContext(ProgressListener progress, BiConsumer<String, String> resume) {}
