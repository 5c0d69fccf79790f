package io.trawl.deploy;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** The Kubernetes manifests of a kustomize directory, parsed into fabric8's model (CRDs stay generic). */
final class Manifests {

    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    private Manifests() {}

    /** The resources a kustomization lists (files only, not other kustomizations). */
    static List<HasMetadata> resources(String directory) {
        List<HasMetadata> resources = new ArrayList<>();
        for (Object entry : Repository.list(kustomization(directory), "resources")) {
            Path path = Repository.file(directory + "/" + entry);
            if (!Files.isDirectory(path)) {
                resources.addAll(parse(path));
            }
        }
        return resources;
    }

    static Map<String, Object> kustomization(String directory) {
        return Repository.yaml(directory + "/kustomization.yaml");
    }

    /** Every YAML document of a file. */
    static List<HasMetadata> parse(Path file) {
        try {
            List<HasMetadata> documents = new ArrayList<>();
            for (String document : Files.readString(file).split("(?m)^---\\s*$")) {
                if (!document.isBlank()) {
                    documents.add(SERIALIZATION.unmarshal(document, HasMetadata.class));
                }
            }
            return documents;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every manifest file under k8s/ except kustomizations. */
    static List<Path> files() {
        try (Stream<Path> files = Files.walk(Repository.root().resolve("k8s"))) {
            return files.filter(f -> f.toString().endsWith(".yaml"))
                    .filter(f -> !f.getFileName().toString().equals("kustomization.yaml"))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static <T extends HasMetadata> List<T> ofType(List<HasMetadata> resources, Class<T> type) {
        return resources.stream().filter(type::isInstance).map(type::cast).toList();
    }

    static GenericKubernetesResource generic(List<HasMetadata> resources, String kind, String name) {
        return resources.stream()
                .filter(r -> r instanceof GenericKubernetesResource)
                .map(GenericKubernetesResource.class::cast)
                .filter(r ->
                        r.getKind().equals(kind) && r.getMetadata().getName().equals(name))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + kind + " " + name));
    }
}
