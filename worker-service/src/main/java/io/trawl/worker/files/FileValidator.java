package io.trawl.worker.files;

import io.trawl.messages.CollectTask;
import io.trawl.sources.SourceDefinition;
import io.trawl.worker.source.Fetched;
import io.trawl.worker.source.SourceFailure;
import io.trawl.worker.source.Validated;
import io.trawl.worker.source.Validator;
import java.io.IOException;
import java.nio.file.Files;
import org.springframework.stereotype.Component;

/**
 * A file's content is whatever its source publishes: it is vouched for by its length and checksums, checked
 * while it was fetched. Here only that what is stored is what was fetched: not empty, and as long as fetched.
 */
@Component
class FileValidator implements Validator {

    @Override
    public String contentType() {
        return HttpFileConnector.CONTENT_TYPE;
    }

    @Override
    public Validated validate(Fetched fetched, CollectTask task, SourceDefinition source) {
        long size;
        try {
            size = Files.size(fetched.file());
        } catch (IOException e) {
            throw SourceFailure.invalidData(fetched.url(), "spooled file unreadable (" + e.getMessage() + ")");
        }
        if (size == 0 || size != fetched.bytes()) {
            throw SourceFailure.invalidData(
                    fetched.url(), "spooled file holds " + size + " bytes, fetched " + fetched.bytes());
        }
        return new Validated(fetched, 0, null, null, 0);
    }
}
