package io.trawl.orchestrator;

import static org.assertj.core.api.Assertions.assertThat;

import io.trawl.testsupport.TestInfrastructure;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpStatusCode;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Redis is away (nothing listens on its port): the API answers 503 naming it within 2 s, and readiness fails. */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "trawl.storage.embedded.port=0")
class DependenciesDownIT {

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        TestInfrastructure.register(registry, DependenciesDownIT.class);
        registry.add("spring.data.redis.port", () -> 1);
    }

    @LocalServerPort
    int port;

    @Autowired
    JsonMapper json;

    @Test
    void withRedisDownTheApiAnswers503NamingItWithinTwoSecondsAndReadinessFails() {
        RestClient http = RestClient.builder()
                .baseUrl("http://127.0.0.1:" + port)
                .defaultStatusHandler(HttpStatusCode::isError, (request, response) -> {})
                .build();

        long started = System.nanoTime();
        var job = http.get()
                .uri("/collections/j-anything")
                .header("X-API-Key", TestInfrastructure.OPERATOR_KEY)
                .retrieve()
                .toEntity(String.class);
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        assertThat(job.getStatusCode().value()).as(job.getBody()).isEqualTo(503);
        assertThat(job.getHeaders().getContentType()).hasToString("application/problem+json");
        JsonNode problem = json.readTree(job.getBody());
        assertThat(problem.get("detail").asString()).contains("Redis is unavailable");
        assertThat(took).isLessThan(Duration.ofMillis(2_500));

        started = System.nanoTime();
        var readiness = http.get().uri("/actuator/health/readiness").retrieve().toEntity(String.class);
        assertThat(readiness.getStatusCode().value()).isEqualTo(503);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(3));
    }
}
