package io.trawl.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** docker-compose.yml, the Dockerfile and the observability configs agree with each other and the services. */
class ComposeFileTest {

    private static final Map<String, Object> COMPOSE = Repository.yaml("docker-compose.yml");
    private static final Map<String, Object> SERVICES = Repository.map(COMPOSE, "services");
    private static final String DOCKERFILE = Repository.read("deploy/docker/Dockerfile");

    @Test
    void theStackHasEveryServiceTheIssueNames() {
        assertThat(SERVICES.keySet())
                .contains(
                        "rabbitmq",
                        "redis",
                        "minio",
                        "orchestrator",
                        "worker",
                        "simulator",
                        "otel-collector",
                        "jaeger",
                        "prometheus",
                        "grafana");
        assertThat(image("rabbitmq")).endsWith("-management");
        assertThat(Repository.list(service("redis"), "command")).contains("--appendonly", "yes");
        assertThat(service("worker"))
                .as("workers scale with --scale worker=N: no fixed name or published port")
                .doesNotContainKeys("container_name", "ports");
    }

    @Test
    void everyVariableGivenToAServiceIsASettingItReads() {
        assertThat(ServiceSettings.of("orchestrator-service")
                        .unread(environment("orchestrator").keySet()))
                .isEmpty();
        assertThat(ServiceSettings.of("worker-service")
                        .unread(environment("worker").keySet()))
                .isEmpty();
    }

    @Test
    void servicesPointAtEachOthersNamesAndPorts() {
        Map<String, Object> orchestrator = environment("orchestrator");
        Map<String, Object> worker = environment("worker");
        for (Map<String, Object> env : List.of(orchestrator, worker)) {
            assertThat(env.get("SPRING_RABBITMQ_HOST")).isEqualTo("rabbitmq");
            assertThat(env.get("SPRING_DATA_REDIS_HOST")).isEqualTo("redis");
            assertThat(hostPort(env, "TRAWL_STORAGE_ENDPOINT")).isEqualTo("minio:9000");
            assertThat(hostPort(env, "TRAWL_SIMULATOR_URL")).isEqualTo("simulator:8090");
            assertThat(hostPort(env, "MANAGEMENT_OPENTELEMETRY_TRACING_EXPORT_OTLP_ENDPOINT"))
                    .isEqualTo("otel-collector:4318");
        }
        assertThat(Repository.list(service("orchestrator"), "ports"))
                .contains(orchestrator.get("ORCHESTRATOR_PORT") + ":8080");
        assertThat(Repository.read("deploy/otel/collector.yaml"))
                .contains("0.0.0.0:4318")
                .contains("jaeger:4317");
        assertThat(environment("minio").get("MINIO_ROOT_USER").toString())
                .isEqualTo(orchestrator.get("TRAWL_STORAGE_ACCESSKEY").toString());
        assertThat(orchestrator.get("TRAWL_SECURITY_OPERATORKEYS").toString())
                .as("the API key is required, never a default in the file")
                .startsWith("${TRAWL_API_KEY:?");
    }

    @Test
    void imagesAreBuiltFromTheDockerfileAsNonRootWithHealthChecks() {
        for (String name : List.of("orchestrator", "worker", "simulator")) {
            Map<String, Object> build = Repository.map(service(name), "build");
            assertThat(build.get("dockerfile")).isEqualTo("deploy/docker/Dockerfile");
            assertThat(DOCKERFILE).contains("AS " + build.get("target"));
            assertThat(image(name)).isEqualTo("trawl/" + name + ":0.1.0");
            String stage = stage(build.get("target").toString());
            assertThat(stage).as(name).contains("HEALTHCHECK").contains("EXPOSE");
        }
        assertThat(stage("runtime")).contains("USER 10001:10001");
        assertThat(stage("orchestrator")).contains("EXPOSE 8080").contains("127.0.0.1:8080/actuator/health/readiness");
        assertThat(stage("worker")).contains("EXPOSE 8081").contains("127.0.0.1:8081/actuator/health/readiness");
        assertThat(environment("worker").get("WORKER_PORT")).isEqualTo("8081");
        assertThat(DOCKERFILE).contains("extract --layers --launcher");
    }

    @Test
    void prometheusScrapesTheServicesOnTheirPortsAndGrafanaIsProvisioned() {
        String prometheus = Repository.read("deploy/prometheus/prometheus.yml");
        assertThat(prometheus)
                .contains("orchestrator:8080")
                .contains("names: [\"worker\"]")
                .contains("port: 8081");
        assertThat(prometheus).contains("/actuator/prometheus");
        List<Object> grafanaVolumes = Repository.list(service("grafana"), "volumes");
        assertThat(grafanaVolumes)
                .contains(
                        "./deploy/grafana/provisioning:/etc/grafana/provisioning:ro",
                        "./deploy/grafana/dashboards:/var/lib/grafana/dashboards:ro");
        assertThat(Repository.read("deploy/grafana/provisioning/dashboards/trawl.yaml"))
                .contains("/var/lib/grafana/dashboards");
        assertThat(Repository.read("deploy/grafana/provisioning/datasources/prometheus.yaml"))
                .contains("http://prometheus:9090");
    }

    @Test
    void theDashboardShowsJobsThroughputQueueDepthLimiterUsageAndErrorsFromMetersThatExist() {
        String dashboard = Repository.read("deploy/grafana/dashboards/trawl.json");
        assertThat(dashboard)
                .contains("trawl_jobs", "trawl_tasks_total", "trawl_queue_ready", "trawl_limiter_permits_total")
                .contains("trawl_dead_letters_total", "trawl_task_retries_total");
        assertThat(Meters.missingFrom(dashboard)).isEmpty();
    }

    private static Map<String, Object> service(String name) {
        assertThat(SERVICES).containsKey(name);
        return Repository.map(SERVICES, name);
    }

    private static String image(String name) {
        return service(name).get("image").toString();
    }

    private static Map<String, Object> environment(String name) {
        return Repository.map(service(name), "environment");
    }

    private static String hostPort(Map<String, Object> env, String name) {
        URI uri = URI.create(env.get(name).toString());
        return uri.getHost() + ":" + uri.getPort();
    }

    /** The lines of one {@code FROM ... AS name} stage of the Dockerfile. */
    private static String stage(String name) {
        Matcher start = Pattern.compile("(?m)^FROM .* AS " + name + "$").matcher(DOCKERFILE);
        assertThat(start.find()).as("stage " + name).isTrue();
        int end = DOCKERFILE.indexOf("\nFROM ", start.end());
        return DOCKERFILE.substring(start.start(), end < 0 ? DOCKERFILE.length() : end);
    }
}
