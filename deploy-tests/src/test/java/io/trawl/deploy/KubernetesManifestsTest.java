package io.trawl.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The manifests under k8s/, parsed with fabric8's Kubernetes model, and their references checked. */
class KubernetesManifestsTest {

    private static final String BASE = "k8s/base";
    private static final String OVERLAY = "k8s/overlays/production";
    private static final List<HasMetadata> RESOURCES = Manifests.resources(BASE);
    private static final List<HasMetadata> OVERLAY_RESOURCES = Manifests.resources(OVERLAY);

    static List<Path> manifestFiles() {
        return Manifests.files();
    }

    @ParameterizedTest
    @MethodSource("manifestFiles")
    void everyManifestParsesIntoTheModel(Path file) {
        assertThat(Manifests.parse(file)).isNotEmpty().allSatisfy(resource -> {
            assertThat(resource.getKind()).isNotBlank();
            assertThat(resource.getMetadata().getName()).isNotBlank();
        });
    }

    @Test
    void theOverlayBuildsOnTheBaseAndPatchesResourcesThatExist() {
        Map<String, Object> overlay = Manifests.kustomization(OVERLAY);
        assertThat(Repository.list(overlay, "resources")).contains("../../base");
        for (Object entry : Repository.list(overlay, "patches")) {
            String path = ((Map<?, ?>) entry).get("path").toString();
            for (HasMetadata patch : Manifests.parse(Repository.file(OVERLAY + "/" + path))) {
                assertThat(RESOURCES)
                        .as("patch %s targets a base resource", path)
                        .anyMatch(r -> r.getKind().equals(patch.getKind())
                                && r.getMetadata()
                                        .getName()
                                        .equals(patch.getMetadata().getName()));
            }
        }
        Set<String> images = Repository.list(overlay, "images").stream()
                .map(i -> ((Map<?, ?>) i).get("name").toString())
                .collect(Collectors.toSet());
        assertThat(images).containsAll(baseImages());
    }

    @Test
    void selectorsMatchTheirPodsAndServicesTargetNamedPorts() {
        List<Deployment> deployments = Manifests.ofType(RESOURCES, Deployment.class);
        assertThat(deployments)
                .extracting(d -> d.getMetadata().getName())
                .containsExactlyInAnyOrder("trawl-orchestrator", "trawl-worker");
        for (Deployment deployment : deployments) {
            assertThat(deployment.getSpec().getTemplate().getMetadata().getLabels())
                    .containsAllEntriesOf(deployment.getSpec().getSelector().getMatchLabels());
        }
        for (Service service : Manifests.ofType(RESOURCES, Service.class)) {
            Deployment target = selected(deployments, service.getSpec().getSelector());
            Set<String> portNames =
                    container(target).getPorts().stream().map(p -> p.getName()).collect(Collectors.toSet());
            service.getSpec().getPorts().forEach(port -> assertThat(portNames)
                    .contains(port.getTargetPort().getStrVal()));
        }
        for (PodDisruptionBudget budget : Manifests.ofType(RESOURCES, PodDisruptionBudget.class)) {
            selected(deployments, budget.getSpec().getSelector().getMatchLabels());
        }
        assertThat(Manifests.ofType(RESOURCES, PodDisruptionBudget.class)).hasSize(2);
    }

    @Test
    void probesAskTheHealthGroupsOnTheServicePort() {
        for (Deployment deployment : Manifests.ofType(RESOURCES, Deployment.class)) {
            Container container = container(deployment);
            int port = container.getPorts().getFirst().getContainerPort();
            String portVariable =
                    deployment.getMetadata().getName().endsWith("orchestrator") ? "ORCHESTRATOR_PORT" : "WORKER_PORT";
            assertThat(env(container)).containsEntry(portVariable, Integer.toString(port));
            assertProbe(container.getReadinessProbe(), "/actuator/health/readiness", container);
            assertProbe(container.getLivenessProbe(), "/actuator/health/liveness", container);
            assertProbe(container.getStartupProbe(), "/actuator/health/liveness", container);
            assertThat(deployment
                            .getSpec()
                            .getTemplate()
                            .getSpec()
                            .getSecurityContext()
                            .getRunAsNonRoot())
                    .isTrue();
            assertThat(deployment.getSpec().getTemplate().getMetadata().getAnnotations())
                    .containsEntry("prometheus.io/port", Integer.toString(port))
                    .containsEntry("prometheus.io/path", "/actuator/prometheus");
        }
    }

    @Test
    void everyVariableIsASettingTheServiceReadsAndSecretsComeFromTheDocumentedSecret() {
        ConfigMap config = Manifests.ofType(RESOURCES, ConfigMap.class).getFirst();
        String runbook = Repository.read("docs/operations.md");
        for (Deployment deployment : Manifests.ofType(RESOURCES, Deployment.class)) {
            Container container = container(deployment);
            List<String> names = new ArrayList<>(env(container).keySet());
            container.getEnvFrom().forEach(from -> {
                assertThat(from.getConfigMapRef().getName())
                        .isEqualTo(config.getMetadata().getName());
                names.addAll(config.getData().keySet());
            });
            String module = deployment.getMetadata().getName().replace("trawl-", "") + "-service";
            assertThat(ServiceSettings.of(module).unread(names)).as(module).isEmpty();
            for (EnvVar variable : container.getEnv()) {
                if (variable.getValueFrom() != null && variable.getValueFrom().getSecretKeyRef() != null) {
                    assertThat(variable.getValueFrom().getSecretKeyRef().getName())
                            .isEqualTo("trawl-secrets");
                    assertThat(runbook)
                            .as(
                                    "docs/operations.md says how to create secret key %s",
                                    variable.getValueFrom().getSecretKeyRef().getKey())
                            .contains("--from-literal="
                                    + variable.getValueFrom().getSecretKeyRef().getKey() + "=");
                }
            }
        }
    }

    @Test
    void imagesAreTheOnesTheComposeFileBuilds() {
        String compose = Repository.read("docker-compose.yml");
        for (String image : baseImages()) {
            assertThat(compose).contains("image: " + image + ":0.1.0");
        }
        Set<String> listed = Repository.list(Manifests.kustomization(BASE), "images").stream()
                .map(i -> ((Map<?, ?>) i).get("name").toString())
                .collect(Collectors.toSet());
        assertThat(listed).containsAll(baseImages());
    }

    @Test
    void aStoppingWorkerHasLongerThanItsLongestTaskToFinish() {
        Deployment worker = deployment("trawl-worker");
        Map<String, String> env = env(container(worker));
        long grace = worker.getSpec().getTemplate().getSpec().getTerminationGracePeriodSeconds();
        Duration drain =
                Duration.parse("PT" + env.get("TRAWL_WORKER_SHUTDOWNTIMEOUT").toUpperCase());
        Duration phase = Duration.parse(
                "PT" + env.get("SPRING_LIFECYCLE_TIMEOUTPERSHUTDOWNPHASE").toUpperCase());
        Duration longestAttempt = Duration.ofSeconds(30); // trawl.sources.<id>.timeout default

        assertThat(drain).isGreaterThan(longestAttempt);
        assertThat(phase).isGreaterThanOrEqualTo(drain);
        assertThat(Duration.ofSeconds(grace)).isGreaterThan(phase);
    }

    @Test
    void kedaScalesTheWorkersOnEverySourceQueue() {
        GenericKubernetesResource scaled = Manifests.generic(RESOURCES, "ScaledObject", "trawl-worker");
        Map<String, Object> spec = scaled.get("spec");
        assertThat(Repository.map(spec, "scaleTargetRef").get("name")).isEqualTo("trawl-worker");
        String namespace = Manifests.ofType(RESOURCES, ConfigMap.class)
                .getFirst()
                .getData()
                .get("TRAWL_NAMESPACE");
        Set<String> queues = new TreeSet<>();
        for (Object trigger : Repository.list(spec, "triggers")) {
            assertThat(((Map<?, ?>) trigger).get("type")).isEqualTo("rabbitmq");
            queues.add(Repository.map(trigger, "metadata").get("queueName").toString());
            String auth =
                    Repository.map(trigger, "authenticationRef").get("name").toString();
            Manifests.generic(RESOURCES, "TriggerAuthentication", auth);
        }
        assertThat(queues)
                .containsExactlyElementsOf(Repository.sources().stream()
                        .map(source -> namespace + ".tasks." + source)
                        .toList());
    }

    @Test
    void theOverlayScalesOnTheOrchestratorsRecommendation() {
        GenericKubernetesResource patch =
                Manifests.parse(Repository.file(OVERLAY + "/keda-recommendation.yaml")).stream()
                        .map(GenericKubernetesResource.class::cast)
                        .findFirst()
                        .orElseThrow();
        Map<String, Object> trigger = (Map<String, Object>)
                Repository.list(patch.get("spec"), "triggers").getFirst();
        Map<String, Object> metadata = Repository.map(trigger, "metadata");
        assertThat(trigger.get("type")).isEqualTo("metrics-api");
        URI url = URI.create(metadata.get("url").toString());
        Service orchestrator = Manifests.ofType(RESOURCES, Service.class).stream()
                .filter(s -> s.getMetadata().getName().equals(url.getHost().split("\\.")[0]))
                .findFirst()
                .orElseThrow();
        assertThat(orchestrator.getSpec().getPorts().getFirst().getPort()).isEqualTo(url.getPort());
        assertThat(url.getPath()).isEqualTo("/autoscaling/recommendation");
        assertThat(
                        Repository.read(
                                "orchestrator-service/src/main/java/io/trawl/orchestrator/autoscaling/AutoscalingController.java"))
                .contains("@GetMapping(\"/autoscaling/recommendation\")");
        assertThat(Repository.read(
                        "orchestrator-service/src/main/java/io/trawl/orchestrator/autoscaling/Recommendation.java"))
                .contains("record Recommendation(int " + metadata.get("valueLocation") + ",");
        assertThat(metadata).containsEntry("keyParamName", "X-API-Key").containsEntry("authMode", "apiKey");
        String auth = Repository.map(trigger, "authenticationRef").get("name").toString();
        GenericKubernetesResource authentication = Manifests.generic(OVERLAY_RESOURCES, "TriggerAuthentication", auth);
        assertThat(authentication.get("spec").toString()).contains("keda-api-key");
    }

    private static void assertProbe(Probe probe, String path, Container container) {
        assertThat(probe).isNotNull();
        assertThat(probe.getHttpGet().getPath()).isEqualTo(path);
        assertThat(container.getPorts())
                .anyMatch(p -> p.getName().equals(probe.getHttpGet().getPort().getStrVal()));
    }

    private static Set<String> baseImages() {
        return Manifests.ofType(RESOURCES, Deployment.class).stream()
                .map(d -> container(d).getImage())
                .collect(Collectors.toSet());
    }

    private static Deployment deployment(String name) {
        return Manifests.ofType(RESOURCES, Deployment.class).stream()
                .filter(d -> d.getMetadata().getName().equals(name))
                .findFirst()
                .orElseThrow();
    }

    private static Deployment selected(List<Deployment> deployments, Map<String, String> selector) {
        return deployments.stream()
                .filter(d -> d.getSpec()
                        .getTemplate()
                        .getMetadata()
                        .getLabels()
                        .entrySet()
                        .containsAll(selector.entrySet()))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no deployment's pods match " + selector));
    }

    private static Container container(Deployment deployment) {
        return deployment.getSpec().getTemplate().getSpec().getContainers().getFirst();
    }

    private static Map<String, String> env(Container container) {
        Map<String, String> env = new LinkedHashMap<>();
        container.getEnv().forEach(v -> env.put(v.getName(), v.getValue()));
        return env;
    }
}
