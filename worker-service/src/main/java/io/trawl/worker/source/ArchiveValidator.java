package io.trawl.worker.source;

import io.trawl.messages.CollectTask;
import io.trawl.sources.SourceDefinition;
import org.springframework.stereotype.Component;

/**
 * Validates zip archives of OHLCV CSV files row by row ({@link ArchiveInspector}) and counts their rows: from what
 * the check made while the archive arrived when the archive's directory confirms it, else by reading the file.
 */
@Component
class ArchiveValidator implements Validator {

    static final String ZIP = "application/zip";

    @Override
    public String contentType() {
        return ZIP;
    }

    @Override
    public Validated validate(Fetched fetched, CollectTask task, SourceDefinition source) {
        if (fetched.precheck() != null) {
            Validated prechecked = fetched.precheck().confirm(fetched);
            if (prechecked != null) {
                return prechecked;
            }
        }
        return ArchiveInspector.validate(fetched, task);
    }
}
