package io.trawl.worker.pages;

import io.trawl.messages.CollectTask;
import io.trawl.messages.Partition;
import io.trawl.sources.PageRules;
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
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPOutputStream;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.select.Elements;
import org.jsoup.select.Selector;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * The connector of {@link SourceType#PAGE} sources: takes a snapshot of a web page, politely: the site's
 * {@code robots.txt} is honoured unless the operator overrides it ({@link RobotsRules}), every request names Trawl
 * in its {@code User-Agent} and goes through the source's limits. The page is stored raw (HTML, when it changed:
 * conditional GET, then its sha256 against the one last stored); with {@link PageRules} its items are extracted
 * (jsoup CSS selectors) into JSON Lines stored beside it ({@code <snapshot>.items.jsonl.gz}). Selectors that match
 * nothing fail the task naming them, as does a page that is not HTML or not in its declared charset.
 */
@Component
public class PageConnector implements Connector {

    static final String CONTENT_TYPE = "text/html";
    static final String ITEMS_EXTENSION = "items.jsonl.gz";
    static final String ITEMS_CONTENT_TYPE = "application/x-ndjson+gzip";

    /** The largest page read: pages are documents, not datasets (those are {@code http-file} sources). */
    static final long MAX_BYTES = 32L * 1024 * 1024;

    private static final Pattern CHARSET = Pattern.compile("(?i)charset\\s*=\\s*\"?([A-Za-z0-9._:-]+)");

    private final SourceHttp http;
    private final WorkerProperties properties;
    private final SourceMemory memory;
    private final RobotsRules robots;
    private final JsonMapper json;
    private final Clock clock;

    PageConnector(
            SourceHttp http,
            WorkerProperties properties,
            SourceMemory memory,
            RobotsRules robots,
            JsonMapper json,
            Clock clock) {
        this.http = http;
        this.properties = properties;
        this.memory = memory;
        this.robots = robots;
        this.json = json;
        this.clock = clock;
    }

    @Override
    public SourceType kind() {
        return SourceType.PAGE;
    }

    @Override
    public Fetched fetch(CollectTask task, SourceDefinition source, FetchContext context) {
        if (!(task.partition() instanceof Partition.Snapshot)) {
            throw SourceFailure.invalidTask("source " + task.source() + " is collected in snapshots, not a "
                    + task.partition().getClass().getSimpleName().toLowerCase(Locale.ROOT));
        }
        URI url = UrlTemplate.expand(source.urlTemplate(), task.symbol());
        if (source.page().honoursRobotsTxt()) {
            robots.check(task.source(), url, context.progress());
        }
        Map<String, String> remembered = memory.fields(task.source(), task.symbol());
        HttpResponse<InputStream> answer = http.send(
                task.source(),
                http.get(url, memory.conditionalHeaders(remembered).toArray(String[]::new)),
                HttpResponse.BodyHandlers.ofInputStream(),
                context.progress(),
                (u, status, body) -> status == 304
                        ? SourceFailure.noData(u, "304 Not Modified: unchanged")
                        : SourceFailure.httpStatus(u, status));
        Charset charset = charset(url.toString(), answer);
        Path spool = Spool.create(properties.workDir(), task);
        Path items = null;
        try {
            String sha256 = download(url.toString(), answer, spool, context);
            Map<String, String> fields = new HashMap<>();
            fields.put("etag", answer.headers().firstValue("ETag").orElse(null));
            fields.put(
                    "last-modified",
                    answer.headers().firstValue("Last-Modified").orElse(null));
            fields.put("sha256", sha256);
            SourceMemory.Memory now = new SourceMemory.Memory(task.source(), task.symbol(), fields, List.of());
            if (sha256.equals(remembered.get("sha256"))) {
                memory.remember(now);
                throw SourceFailure.noData(url.toString(), "200 with the page last stored (sha256 unchanged)");
            }
            String html = decode(url.toString(), Files.readAllBytes(spool), charset);
            Fetched fetched =
                    new Fetched(spool, url.toString(), Files.size(spool), sha256, CONTENT_TYPE, source.extension());
            if (source.page().extracts()) {
                items = Spool.create(properties.workDir(), task);
                extract(task, source.page(), url.toString(), Jsoup.parse(html, url.toString()), items);
                fetched = fetched.with(new Fetched.Companion(items, ITEMS_EXTENSION, ITEMS_CONTENT_TYPE));
            }
            memory.hold(spool, now);
            return fetched;
        } catch (IOException e) {
            Spool.delete(spool);
            if (items != null) {
                Spool.delete(items);
            }
            throw new UncheckedIOException("cannot read or write the spool file " + spool, e);
        } catch (RuntimeException e) {
            Spool.delete(spool);
            if (items != null) {
                Spool.delete(items);
            }
            throw e;
        }
    }

    @Override
    public void stored(CollectTask task, SourceDefinition source, Fetched fetched) {
        memory.release(fetched.file());
    }

    /** The page's charset from its {@code Content-Type}; UTF-8 when it names none. Not HTML: permanent. */
    private static Charset charset(String url, HttpResponse<InputStream> answer) {
        String type = answer.headers().firstValue("Content-Type").orElse("text/html");
        String media = type.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
        if (!media.equals("text/html") && !media.equals("application/xhtml+xml")) {
            closeQuietly(answer);
            throw SourceFailure.invalidData(url, "answered Content-Type " + type + ", not an HTML page");
        }
        Matcher m = CHARSET.matcher(type);
        if (!m.find()) {
            return StandardCharsets.UTF_8;
        }
        try {
            return Charset.forName(m.group(1));
        } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
            closeQuietly(answer);
            throw SourceFailure.invalidData(url, "declares charset " + m.group(1) + ", which is unknown");
        }
    }

    private static void closeQuietly(HttpResponse<InputStream> answer) {
        try {
            answer.body().close();
        } catch (IOException ignored) {
            // the answer is refused anyway
        }
    }

    /** Streams the page to {@code spool}, checking its length; answers its sha256. */
    private static String download(String url, HttpResponse<InputStream> answer, Path spool, FetchContext context) {
        long total = answer.headers().firstValueAsLong("Content-Length").orElse(-1);
        MessageDigest sha256 = Spool.digest("SHA-256");
        long bytes = 0;
        try (InputStream in = answer.body();
                OutputStream out = Files.newOutputStream(spool)) {
            byte[] buffer = new byte[64 * 1024];
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                bytes += n;
                if (bytes > MAX_BYTES) {
                    throw SourceFailure.invalidData(
                            url, "page larger than " + MAX_BYTES / (1024 * 1024) + " MiB (use an http-file source)");
                }
                sha256.update(buffer, 0, n);
                out.write(buffer, 0, n);
                context.progress().onProgress(bytes, total);
            }
        } catch (IOException e) {
            throw SourceFailure.io(url, e);
        }
        if (total >= 0 && bytes != total) {
            throw SourceFailure.io(url, new IOException("received " + bytes + " of " + total + " bytes"));
        }
        if (bytes == 0) {
            throw SourceFailure.invalidData(url, "answered an empty page");
        }
        return HexFormat.of().formatHex(sha256.digest());
    }

    /** The page as text; bytes its declared charset cannot read are malformed content, named by offset. */
    private static String decode(String url, byte[] bytes, Charset charset) {
        try {
            return charset.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            throw SourceFailure.invalidData(
                    url, "malformed content: not valid " + charset.name() + " at byte " + firstBad(bytes, charset));
        }
    }

    private static int firstBad(byte[] bytes, Charset charset) {
        var decoder = charset.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        var out = java.nio.CharBuffer.allocate(bytes.length + 1);
        decoder.decode(in, out, true);
        return in.position();
    }

    /** Writes the page's items as JSON Lines; selectors that match nothing are reported, never stored empty. */
    private void extract(CollectTask task, PageRules rules, String url, Document page, Path items) throws IOException {
        Elements found;
        try {
            found = page.select(rules.items());
        } catch (Selector.SelectorParseException e) {
            throw SourceFailure.invalidTask("page.items '" + rules.items() + "' of source " + task.source()
                    + " is no CSS selector: " + e.getMessage());
        }
        if (found.isEmpty()) {
            throw SourceFailure.selectorsMatchNothing(
                    url,
                    "page.items '" + rules.items() + "' matches nothing on the page ("
                            + page.getAllElements().size() + " elements; its layout may have changed)");
        }
        Map<String, PageRules.Field> fields = new java.util.LinkedHashMap<>();
        rules.fields().forEach((name, spec) -> fields.put(name, PageRules.Field.of(spec)));
        Map<String, Integer> matched = new HashMap<>();
        String fetchedAt = clock.instant().toString();
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(items), 64 * 1024)) {
            int index = 0;
            for (Element item : found) {
                Map<String, Object> row = new java.util.LinkedHashMap<>();
                row.put("source", task.source());
                row.put("page", task.symbol());
                row.put("url", url);
                row.put("index", index++);
                for (Map.Entry<String, PageRules.Field> field : fields.entrySet()) {
                    String value = value(task, field.getKey(), field.getValue(), item);
                    row.put(field.getKey(), value);
                    if (value != null) {
                        matched.merge(field.getKey(), 1, Integer::sum);
                    }
                }
                row.put("fetchedAt", fetchedAt);
                out.write(json.writeValueAsBytes(row));
                out.write('\n');
            }
        }
        for (Map.Entry<String, String> field : rules.fields().entrySet()) {
            if (!matched.containsKey(field.getKey())) {
                throw SourceFailure.selectorsMatchNothing(
                        url,
                        "page.fields." + field.getKey() + " '" + field.getValue() + "' matches nothing in any of the "
                                + found.size() + " items");
            }
        }
    }

    private static String value(CollectTask task, String name, PageRules.Field field, Element item) {
        Element at;
        try {
            at = field.selector().isEmpty() ? item : item.selectFirst(field.selector());
        } catch (Selector.SelectorParseException e) {
            throw SourceFailure.invalidTask("page.fields." + name + " '" + field.selector() + "' of source "
                    + task.source() + " is no CSS selector: " + e.getMessage());
        }
        if (at == null) {
            return null;
        }
        if (field.attribute() == null) {
            return at.text();
        }
        String attribute = field.attribute();
        boolean link = attribute.equalsIgnoreCase("href") || attribute.equalsIgnoreCase("src");
        String value = link ? at.absUrl(attribute) : at.attr(attribute);
        return value.isEmpty() ? (at.hasAttr(attribute) ? at.attr(attribute) : null) : value;
    }
}
