package io.trawl.worker.source;

import io.trawl.messages.CollectTask;
import io.trawl.sources.SourceDefinition;

/**
 * Checks that fetched content makes sense before it is stored (OHLCV rules: every row parses, high and low
 * bound open and close, volume is not negative, open times ascend and fall inside the task's partition), and
 * counts its rows. One per stored content type; throws {@link SourceFailure} (permanent) naming the first
 * problem. Runs after the source's concurrency permit is given back: it costs CPU, not the source's capacity.
 */
public interface Validator {

    /** The content type this validator reads, as a connector's {@link Fetched#contentType()} names it. */
    String contentType();

    /** Validates {@code fetched} for {@code task} of {@code source}; answers its rows and open times. */
    Validated validate(Fetched fetched, CollectTask task, SourceDefinition source);
}
