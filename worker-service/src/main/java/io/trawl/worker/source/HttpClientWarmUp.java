package io.trawl.worker.source;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends one request through a fresh HTTP client to a throw-away server on loopback, before any task runs.
 * A cold client needs hundreds of milliseconds for its first request (class loading, selector start-up);
 * a request to a source that leaves that late can land in the same sliding second as requests reserved
 * after it, and the source would count it over the limit. Nothing is sent to any source here.
 */
final class HttpClientWarmUp {

    private static final Logger log = LoggerFactory.getLogger(HttpClientWarmUp.class);

    private HttpClientWarmUp() {}

    static void run(HttpClient http) {
        HttpServer server = null;
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/", exchange -> {
                exchange.sendResponseHeaders(204, -1);
                exchange.close();
            });
            server.start();
            long started = System.nanoTime();
            URI uri = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/warm-up");
            for (int i = 0; i < 3; i++) {
                http.send(
                        HttpRequest.newBuilder(uri)
                                .timeout(Duration.ofSeconds(5))
                                .build(),
                        HttpResponse.BodyHandlers.discarding());
            }
            log.debug("HTTP client warmed up in {} ms", (System.nanoTime() - started) / 1_000_000);
        } catch (IOException e) {
            log.warn("HTTP client warm-up failed (first requests may be slow): {}", e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            if (server != null) {
                server.stop(0);
            }
        }
    }
}
