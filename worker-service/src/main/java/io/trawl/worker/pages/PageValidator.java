package io.trawl.worker.pages;

import io.trawl.messages.CollectTask;
import io.trawl.sources.SourceDefinition;
import io.trawl.worker.source.Fetched;
import io.trawl.worker.source.SourceFailure;
import io.trawl.worker.source.Validated;
import io.trawl.worker.source.Validator;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.zip.GZIPInputStream;
import org.springframework.stereotype.Component;

/**
 * Checks a fetched page: not empty, and its extracted items (when the source extracts any) readable; the rows
 * counted are the page's items, stored in the page's metadata and summed in the job's summary.
 */
@Component
class PageValidator implements Validator {

    @Override
    public String contentType() {
        return PageConnector.CONTENT_TYPE;
    }

    @Override
    public Validated validate(Fetched fetched, CollectTask task, SourceDefinition source) {
        if (fetched.bytes() == 0) {
            throw SourceFailure.invalidData(fetched.url(), "empty page");
        }
        long items = 0;
        for (Fetched.Companion companion : fetched.companions()) {
            if (!companion.extension().equals(PageConnector.ITEMS_EXTENSION)) {
                continue;
            }
            try (BufferedReader in = new BufferedReader(new InputStreamReader(
                    new GZIPInputStream(Files.newInputStream(companion.file())), StandardCharsets.UTF_8))) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    if (!line.startsWith("{")) {
                        throw SourceFailure.invalidData(fetched.url(), "item " + (items + 1) + " is not a JSON object");
                    }
                    items++;
                }
            } catch (IOException e) {
                throw SourceFailure.invalidData(fetched.url(), "unreadable items (" + e.getMessage() + ")");
            }
        }
        return new Validated(fetched, items, null, null, 0);
    }
}
