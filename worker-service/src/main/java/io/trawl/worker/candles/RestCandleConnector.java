package io.trawl.worker.candles;

import io.trawl.infra.limits.SourceStates;
import io.trawl.messages.CollectTask;
import io.trawl.messages.Partition;
import io.trawl.sources.CandleApi;
import io.trawl.sources.Intervals;
import io.trawl.sources.SourceDefinition;
import io.trawl.sources.SourceType;
import io.trawl.worker.WorkerProperties;
import io.trawl.worker.source.Connector;
import io.trawl.worker.source.FetchContext;
import io.trawl.worker.source.Fetched;
import io.trawl.worker.source.PushBack;
import io.trawl.worker.source.SourceFailure;
import io.trawl.worker.source.SourceHttp;
import io.trawl.worker.source.Spool;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The connector of {@link SourceType#REST_CANDLES} sources: fetches the candles of a task's window from a REST API
 * described in configuration ({@link CandleApi}), request by request through the source's limits. The window is
 * cut into requests no longer than the API's caps (most rows, most days per interval); a full answer continues
 * after its last candle. Candles are written as they come, in the normalized schema ({@link #HEADER}, gzip), and
 * only those inside the request's window, so overlapping answers never duplicate a row; a retry fetches the
 * window again and writes the same bytes. A window without a single candle is "no data at the source".
 */
@Component
public class RestCandleConnector implements Connector {

    private static final Logger log = LoggerFactory.getLogger(RestCandleConnector.class);

    /** The normalized schema: open time in epoch milliseconds (UTC), prices and volume as the source wrote them. */
    public static final String HEADER = "open_time,open,high,low,close,volume\n";

    private final SourceHttp http;
    private final WorkerProperties properties;
    private final SourceStates states;
    private final Environment environment;
    private final JsonMapper json;
    private final CandleReader reader;

    public RestCandleConnector(
            SourceHttp http,
            WorkerProperties properties,
            SourceStates states,
            Environment environment,
            JsonMapper json) {
        this.http = http;
        this.properties = properties;
        this.states = states;
        this.environment = environment;
        this.json = json;
        this.reader = new CandleReader();
    }

    @Override
    public SourceType kind() {
        return SourceType.REST_CANDLES;
    }

    @Override
    public Fetched fetch(CollectTask task, SourceDefinition source, FetchContext context) {
        if (!(task.partition() instanceof Partition.Window window)) {
            throw SourceFailure.invalidTask("source " + task.source() + " is collected in time windows, not a "
                    + task.partition().getClass().getSimpleName().toLowerCase(java.util.Locale.ROOT));
        }
        CandleApi api = source.candles();
        Duration step = Intervals.duration(task.interval());
        Duration span = api.requestSpan(step, task.interval());
        Path spool = Spool.create(properties.workDir(), task);
        MessageDigest digest = Spool.digest("SHA-256");
        long rows = 0;
        long received = 0;
        try (DigestOutputStream hashed = new DigestOutputStream(Files.newOutputStream(spool), digest);
                Writer out =
                        new OutputStreamWriter(new GZIPOutputStream(hashed, 64 * 1024), StandardCharsets.US_ASCII)) {
            out.write(HEADER);
            Instant cursor = window.from();
            while (cursor.isBefore(window.until())) {
                Instant end = cursor.plus(span).isAfter(window.until()) ? window.until() : cursor.plus(span);
                CandleRequests.Request request = request(api, task, step, cursor, end);
                String url = request.uri().toString();
                HttpResponse<byte[]> answer = http.send(
                        task.source(),
                        http.get(request.uri(), request.headers()),
                        HttpResponse.BodyHandlers.ofByteArray(),
                        context.progress(),
                        refusals(task.source(), api));
                received += answer.body().length;
                context.progress().onProgress(received, -1);
                List<CandleReader.Candle> candles = reader.read(url, answer.body(), api);
                long last = Long.MIN_VALUE;
                for (CandleReader.Candle candle : candles) {
                    if (candle.openMillis() < cursor.toEpochMilli() || candle.openMillis() >= end.toEpochMilli()) {
                        continue;
                    }
                    out.write(Long.toString(candle.openMillis()));
                    for (String value :
                            new String[] {candle.open(), candle.high(), candle.low(), candle.close(), candle.volume()
                            }) {
                        out.write(',');
                        out.write(value);
                    }
                    out.write('\n');
                    rows++;
                    last = Math.max(last, candle.openMillis());
                }
                boolean full = api.maxRows() > 0 && candles.size() >= api.maxRows();
                Instant next = last == Long.MIN_VALUE
                        ? end
                        : Instant.ofEpochMilli(last).plus(step);
                cursor = full && next.isAfter(cursor) && next.isBefore(end) ? next : end;
            }
        } catch (IOException e) {
            Spool.delete(spool);
            throw new UncheckedIOException("cannot write the spool file " + spool, e);
        } catch (RuntimeException e) {
            Spool.delete(spool);
            throw e;
        }
        String described = api.url() + " " + task.symbol() + " " + task.interval() + " " + window.token();
        if (rows == 0) {
            Spool.delete(spool);
            throw SourceFailure.noData(described, "no candles in " + window.from() + " .. " + window.until());
        }
        try {
            return new Fetched(
                    spool,
                    described,
                    Files.size(spool),
                    HexFormat.of().formatHex(digest.digest()),
                    CandleValidator.CONTENT_TYPE,
                    source.extension());
        } catch (IOException e) {
            Spool.delete(spool);
            throw new UncheckedIOException(e);
        }
    }

    private CandleRequests.Request request(
            CandleApi api, CollectTask task, Duration step, Instant from, Instant until) {
        try {
            return CandleRequests.of(api, task.symbol(), task.interval(), step, from, until, environment::getProperty);
        } catch (IllegalStateException e) {
            throw SourceFailure.invalidTask("source " + task.source() + ": " + e.getMessage());
        }
    }

    /** How the source's {@code answers} class what is not a 200. */
    private SourceHttp.Refusals refusals(String source, CandleApi api) {
        return new SourceHttp.Refusals() {
            @Override
            public SourceFailure classify(String url, int status, String body) {
                return refused(source, api, url, status, body);
            }

            @Override
            public PushBack.Kind declaredPushBack(int status, String body) {
                if (CandleApi.Answers.matches(api.answers().banned(), status, body)) {
                    return PushBack.Kind.BANNED;
                }
                return CandleApi.Answers.matches(api.answers().throttled(), status, body)
                        ? PushBack.Kind.THROTTLED
                        : null;
            }
        };
    }

    /** What an answer other than 200 (and not a push-back) means, as the source's {@code answers} say. */
    private SourceFailure refused(String source, CandleApi api, String url, int status, String body) {
        String message = apiMessage(api, body);
        if (CandleApi.Answers.matches(api.answers().credentialsRejected(), status, body)) {
            states.pause(source);
            log.error(
                    "Source {} rejected the credentials ({} {}); paused until an operator resumes it",
                    source,
                    status,
                    message);
            return SourceFailure.credentialsRejected(url, status, message);
        }
        if (CandleApi.Answers.matches(api.answers().noData(), status, body)) {
            return SourceFailure.noData(url, status + " " + message);
        }
        if (CandleApi.Answers.matches(api.answers().badRequest(), status, body)) {
            return SourceFailure.badRequest(url, status, message);
        }
        return SourceFailure.httpStatus(url, status);
    }

    /** The API's own message in an error answer, or the start of the body. */
    private String apiMessage(CandleApi api, String body) {
        if (!api.errorMessage().isEmpty()) {
            try {
                JsonNode node = json.readTree(body);
                for (String segment : api.errorMessage().split("\\.")) {
                    node = node.path(segment);
                }
                if (node.isValueNode()) {
                    return excerpt(node.asString());
                }
            } catch (RuntimeException e) {
                // not JSON: the body itself says it
            }
        }
        return excerpt(body.strip());
    }

    private static String excerpt(String text) {
        return text.length() > 200 ? text.substring(0, 200) + "…" : text;
    }
}
