package io.trawl.worker.feeds;

import com.rometools.rome.feed.synd.SyndEntry;
import com.rometools.rome.feed.synd.SyndFeed;
import com.rometools.rome.io.FeedException;
import com.rometools.rome.io.ParsingFeedException;
import com.rometools.rome.io.SyndFeedInput;
import io.trawl.messages.CollectTask;
import io.trawl.messages.Partition;
import io.trawl.sources.SourceDefinition;
import io.trawl.sources.SourceType;
import io.trawl.sources.UrlTemplate;
import io.trawl.worker.WorkerProperties;
import io.trawl.worker.source.Connector;
import io.trawl.worker.source.FetchContext;
import io.trawl.worker.source.Fetched;
import io.trawl.worker.source.SourceFailure;
import io.trawl.worker.source.SourceHttp;
import io.trawl.worker.source.SourceMemory;
import io.trawl.worker.source.Spool;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.springframework.stereotype.Component;
import org.xml.sax.InputSource;
import tools.jackson.databind.json.JsonMapper;

/**
 * The connector of {@link SourceType#FEED} sources: takes a snapshot of an RSS or Atom feed (parsed with ROME)
 * and keeps only the items not stored before. A conditional GET sends back the {@code ETag} and
 * {@code Last-Modified} exactly as the feed last gave them; a 304 is "nothing new" and costs no storage. Items
 * are told apart across runs by guid/id (else link and date); the run's new items are stored as JSON Lines with the
 * feed document they came in beside them ({@code <snapshot>.feed.xml}); the seen ids and validators are remembered
 * ({@link SourceMemory}) once the new items are stored, never before. Malformed XML is a permanent failure naming the
 * line and column.
 */
@Component
public class FeedConnector implements Connector {

    static final String CONTENT_TYPE = "application/x-ndjson+gzip";

    /** The feed document as the source sent it (inflated), stored beside the new items it held. */
    static final String RAW_EXTENSION = "feed.xml";

    private static final String RAW_CONTENT_TYPE = "application/xml";

    private final SourceHttp http;
    private final WorkerProperties properties;
    private final SourceMemory memory;
    private final JsonMapper json;
    private final Clock clock;

    public FeedConnector(
            SourceHttp http, WorkerProperties properties, SourceMemory memory, JsonMapper json, Clock clock) {
        this.http = http;
        this.properties = properties;
        this.memory = memory;
        this.json = json;
        this.clock = clock;
    }

    @Override
    public SourceType kind() {
        return SourceType.FEED;
    }

    @Override
    public Fetched fetch(CollectTask task, SourceDefinition source, FetchContext context) {
        if (!(task.partition() instanceof Partition.Snapshot)) {
            throw SourceFailure.invalidTask("source " + task.source() + " is collected in snapshots, not a "
                    + task.partition().getClass().getSimpleName().toLowerCase(java.util.Locale.ROOT));
        }
        URI url = UrlTemplate.expand(source.urlTemplate(), task.symbol());
        List<String> headers = new ArrayList<>(List.of("Accept-Encoding", "gzip"));
        headers.addAll(memory.conditionalHeaders(memory.fields(task.source(), task.symbol())));
        HttpResponse<byte[]> answer = http.send(
                task.source(),
                http.get(url, headers.toArray(String[]::new)),
                HttpResponse.BodyHandlers.ofByteArray(),
                context.progress(),
                (u, status, body) -> status == 304
                        ? SourceFailure.noData(u, "304 Not Modified: nothing new")
                        : SourceFailure.httpStatus(u, status));
        context.progress().onProgress(answer.body().length, answer.body().length);
        byte[] document = body(url.toString(), answer);
        SyndFeed feed = parse(url.toString(), document);
        Map<String, String> validators = new HashMap<>();
        validators.put("etag", answer.headers().firstValue("ETag").orElse(null));
        validators.put(
                "last-modified", answer.headers().firstValue("Last-Modified").orElse(null));

        Map<String, SyndEntry> entries = new LinkedHashMap<>();
        for (SyndEntry entry : feed.getEntries()) {
            entries.putIfAbsent(FeedItems.id(entry), entry);
        }
        List<String> fresh = memory.unseen(task.source(), task.symbol(), List.copyOf(entries.keySet()));
        if (fresh.isEmpty()) {
            memory.remember(new SourceMemory.Memory(task.source(), task.symbol(), validators, List.of()));
            throw SourceFailure.noData(url.toString(), "200 with " + entries.size() + " items, none new");
        }
        Path spool = Spool.create(properties.workDir(), task);
        MessageDigest digest = Spool.digest("SHA-256");
        Instant fetchedAt = clock.instant();
        try (OutputStream out =
                new GZIPOutputStream(new DigestOutputStream(Files.newOutputStream(spool), digest), 64 * 1024)) {
            for (String id : fresh) {
                out.write(json.writeValueAsBytes(FeedItems.of(entries.get(id), id, task.source(), fetchedAt)));
                out.write('\n');
            }
        } catch (IOException e) {
            Spool.delete(spool);
            throw new UncheckedIOException("cannot write the spool file " + spool, e);
        }
        Path raw = Spool.create(properties.workDir(), task);
        try {
            Files.write(raw, document);
            Fetched fetched = new Fetched(
                            spool,
                            url.toString(),
                            Files.size(spool),
                            HexFormat.of().formatHex(digest.digest()),
                            CONTENT_TYPE,
                            source.extension())
                    .with(new Fetched.Companion(raw, RAW_EXTENSION, RAW_CONTENT_TYPE));
            memory.hold(spool, new SourceMemory.Memory(task.source(), task.symbol(), validators, fresh));
            return fetched;
        } catch (IOException e) {
            Spool.delete(spool);
            Spool.delete(raw);
            throw new UncheckedIOException("cannot write the spool file " + raw, e);
        }
    }

    @Override
    public void stored(CollectTask task, SourceDefinition source, Fetched fetched) {
        memory.release(fetched.file());
    }

    /** The body, inflated when the feed was sent gzip-encoded. */
    private static byte[] body(String url, HttpResponse<byte[]> answer) {
        if (!answer.headers().firstValue("Content-Encoding").orElse("").equalsIgnoreCase("gzip")) {
            return answer.body();
        }
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(answer.body()))) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw SourceFailure.invalidData(url, "gzip-encoded body does not inflate: " + e.getMessage());
        }
    }

    private static SyndFeed parse(String url, byte[] body) {
        try {
            InputSource source = new InputSource(new ByteArrayInputStream(body));
            return new SyndFeedInput().build(source);
        } catch (ParsingFeedException e) {
            throw SourceFailure.invalidData(
                    url,
                    "malformed feed at line " + e.getLineNumber() + ", column " + e.getColumnNumber() + ": "
                            + rootMessage(e));
        } catch (FeedException | IllegalArgumentException e) {
            throw SourceFailure.invalidData(url, "not an RSS or Atom feed: " + rootMessage(e));
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = String.valueOf(root.getMessage());
        return message.length() > 200 ? message.substring(0, 200) + "…" : message;
    }
}
