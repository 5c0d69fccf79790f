package io.trawl.worker.source;

import io.trawl.infra.TrawlProperties;
import io.trawl.worker.WorkerProperties;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executors;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Every connector's way to a source over HTTP: one request at a time through the source's cluster-wide limits
 * ({@link RequestGate}), the server's usage headers reported back, and its push-backs (429/503 with
 * {@code Retry-After}, bans) turned into cluster-wide pauses before the caller sees a failure. Any other answer
 * than 200 is classed by the caller's {@link Refusals}.
 */
@Component
public class SourceHttp {

    private final HttpClient http;
    private final WorkerProperties properties;
    private final RequestGate gate;

    @Autowired
    public SourceHttp(WorkerProperties properties, RequestGate gate, TrawlProperties trawl) {
        this(properties, gate, trawl.sources().size());
    }

    /** For a worker consuming {@code sources} sources ({@code concurrency} consumers each). */
    public SourceHttp(WorkerProperties properties, RequestGate gate, int sources) {
        this.properties = properties;
        this.gate = gate;
        // before the client is built: one connection per consumer, each keeps one read buffer
        HttpReadBuffer.apply(Math.max(1, sources) * properties.concurrency());
        this.http = HttpClient.newBuilder()
                .connectTimeout(properties.connectTimeout())
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NORMAL)
                .executor(Executors.newVirtualThreadPerTaskExecutor())
                .build();
        HttpClientWarmUp.run(http);
    }

    /** How a connector reads an answer other than 200 that is not a push-back. */
    @FunctionalInterface
    public interface Refusals {
        /**
         * The failure {@code status} with {@code body} (its first kilobyte) means, for the request to {@code url}.
         */
        SourceFailure classify(String url, int status, String body);

        /**
         * Whether an answer that is no push-back by the usual signs (429, 503, 418, a ban message) is one for this
         * source, as its configuration declares; null when it is not.
         */
        default PushBack.Kind declaredPushBack(int status, String body) {
            return null;
        }

        /** By status alone: 404 is "no data", 5xx and 408 transient, the rest permanent. */
        Refusals BY_STATUS = (url, status, body) -> SourceFailure.httpStatus(url, status);
    }

    /** A GET of {@code url} with the configured request timeout and {@code headers} (name, value pairs). */
    public HttpRequest get(URI url, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(url)
                .timeout(properties.requestTimeout())
                .header("User-Agent", properties.userAgent())
                .GET();
        for (int i = 0; i + 1 < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return request.build();
    }

    /**
     * Sends {@code request} once the source's limits allow it; answers a 200 response, throws {@link SourceFailure}
     * for anything else.
     */
    public <T> HttpResponse<T> send(
            String source,
            HttpRequest request,
            HttpResponse.BodyHandler<T> handler,
            ProgressListener progress,
            Refusals refusals) {
        String url = request.uri().toString();
        HttpResponse<T> response;
        String refusal = null;
        Optional<PushBack> pushBack = Optional.empty();
        long sent;
        try {
            long asked = System.nanoTime();
            try (RequestGate.Permit permit = gate.acquire(source)) {
                sent = System.nanoTime();
                progress.waited(sent - asked);
                try {
                    response = http.send(request, handler);
                } catch (IOException e) {
                    permit.failed();
                    throw e;
                }
                if (response.statusCode() >= 500) {
                    permit.failed();
                }
                if (response.statusCode() != 200) {
                    refusal = bodyStart(response.body());
                    pushBack = pushBackIn(response, refusal, refusals);
                    pushBack.ifPresent(p -> gate.pushedBack(source, p, permit));
                }
            }
        } catch (IOException e) {
            throw SourceFailure.io(url, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw SourceFailure.io(url, e);
        }
        Duration sentAgo = Duration.ofNanos(System.nanoTime() - sent);
        gate.reported(
                source,
                SourceAnswers.usage(response.headers()).stream()
                        .map(usage -> usage.sent(sentAgo))
                        .toList());
        if (pushBack.isPresent() && pushBack.get().kind() == PushBack.Kind.BANNED) {
            throw SourceFailure.banned(url, pushBack.get());
        }
        if (pushBack.isPresent()) {
            throw SourceFailure.pushedBack(url, pushBack.get());
        }
        if (refusal != null) {
            throw refusals.classify(url, response.statusCode(), refusal);
        }
        return response;
    }

    /** The push-back an answer other than 200 announces, by the usual signs or by the source's declaration. */
    private static Optional<PushBack> pushBackIn(HttpResponse<?> response, String body, Refusals refusals) {
        int status = response.statusCode();
        return SourceAnswers.pushBack(status, response.headers(), body)
                .or(() -> Optional.ofNullable(refusals.declaredPushBack(status, body))
                        .map(kind -> SourceAnswers.declared(kind, status, response.headers(), body)));
    }

    /** The first kilobyte of an error answer's body (it may say why, e.g. a ban), the rest discarded. */
    private static String bodyStart(Object body) {
        if (body instanceof String text) {
            return text.length() > 1024 ? text.substring(0, 1024) : text;
        }
        if (body instanceof byte[] bytes) {
            return new String(bytes, 0, Math.min(bytes.length, 1024), StandardCharsets.UTF_8);
        }
        if (body instanceof InputStream in) {
            try (in) {
                return new String(in.readNBytes(1024), StandardCharsets.UTF_8);
            } catch (IOException e) {
                return "";
            }
        }
        return "";
    }
}
