package io.trawl.worker.source;

import java.util.function.Consumer;

/**
 * What a fetch reports back while it runs.
 *
 * @param progress bytes received so far, for progress events
 * @param resumeState hears connector-private state worth keeping for the task's next attempt (an archive's
 *     checksum, read once), carried by the task and handed back as {@code task.checksum()}
 */
public record FetchContext(ProgressListener progress, Consumer<String> resumeState) {}
