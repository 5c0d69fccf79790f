package io.trawl.cli;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Talks JSON to the orchestrator's REST API; server problems become one-line {@link ApiException}s. */
final class OrchestratorClient {

    private final URI base;
    private final String apiKey;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final JsonMapper json = JsonMapper.builder().build();

    OrchestratorClient(URI base, String apiKey) {
        this.base = base;
        this.apiKey = apiKey == null || apiKey.isBlank() ? null : apiKey.strip();
    }

    JsonNode get(String path) {
        return send(HttpRequest.newBuilder(base.resolve(path)).GET());
    }

    JsonNode post(String path, Object body) {
        return send(HttpRequest.newBuilder(base.resolve(path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(body))));
    }

    JsonNode put(String path) {
        return send(HttpRequest.newBuilder(base.resolve(path))
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.noBody()));
    }

    JsonNode delete(String path) {
        return send(HttpRequest.newBuilder(base.resolve(path)).DELETE());
    }

    private JsonNode send(HttpRequest.Builder request) {
        HttpResponse<String> response;
        try {
            if (apiKey != null) {
                request.header("X-API-Key", apiKey);
            }
            response = http.send(request.timeout(Duration.ofMinutes(2)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (ConnectException e) {
            throw new ApiException("cannot reach the orchestrator at " + base + " (is it running?)");
        } catch (IOException e) {
            throw new ApiException("request to " + base + " failed: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiException("interrupted");
        }
        if (response.statusCode() == 401 && apiKey == null) {
            throw new ApiException(problem(response) + " (set TRAWL_API_KEY or pass --api-key)");
        }
        if (response.statusCode() >= 400) {
            throw new ApiException(problem(response));
        }
        return response.body().isEmpty()
                ? tools.jackson.databind.node.MissingNode.getInstance()
                : json.readTree(response.body());
    }

    private String problem(HttpResponse<String> response) {
        try {
            JsonNode problem = json.readTree(response.body());
            String detail = problem.path("detail").asString("");
            return response.statusCode() + " " + problem.path("title").asString("error")
                    + (detail.isEmpty() ? "" : ": " + detail);
        } catch (RuntimeException e) {
            return "HTTP " + response.statusCode() + " from " + response.uri();
        }
    }
}
