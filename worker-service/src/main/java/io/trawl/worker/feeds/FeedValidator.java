package io.trawl.worker.feeds;

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
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Checks that stored feed items are JSON Lines, each an object with an {@code id}, and counts them. */
@Component
class FeedValidator implements Validator {

    private final JsonMapper json;

    FeedValidator(JsonMapper json) {
        this.json = json;
    }

    @Override
    public String contentType() {
        return FeedConnector.CONTENT_TYPE;
    }

    @Override
    public Validated validate(Fetched fetched, CollectTask task, SourceDefinition source) {
        long rows = 0;
        try (BufferedReader in = new BufferedReader(new InputStreamReader(
                new GZIPInputStream(Files.newInputStream(fetched.file())), StandardCharsets.UTF_8))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                rows++;
                JsonNode item;
                try {
                    item = json.readTree(line);
                } catch (JacksonException e) {
                    throw SourceFailure.invalidData(fetched.url(), "item " + rows + " is not JSON");
                }
                if (!item.path("id").isString() || item.path("id").asString().isEmpty()) {
                    throw SourceFailure.invalidData(fetched.url(), "item " + rows + " has no id");
                }
            }
        } catch (IOException e) {
            throw SourceFailure.invalidData(fetched.url(), "unreadable items (" + e.getMessage() + ")");
        }
        return new Validated(fetched, rows, null, null, 0);
    }
}
