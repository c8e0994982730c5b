package io.liveboard.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import io.liveboard.catalog.PropertyNames;
import org.junit.jupiter.api.Test;

/**
 * The kustomizations: every file they name exists; the base as this module reads it is what kustomize renders;
 * the production overlay, rendered by kustomize, passes every check (with the token Secret the operator
 * creates). The rendering tests need kubectl (which bundles kustomize) and are skipped without it.
 */
class KustomizeTest {

    private static List<Path> kustomizations() throws IOException {
        try (Stream<Path> files = Files.walk(InfraPaths.infra())) {
            return files.filter(p -> p.getFileName().toString().equals("kustomization.yaml"))
                    .filter(p -> !p.toString().contains("/target/")).map(Path::getParent).sorted().toList();
        }
    }

    @Test
    void everyFileAKustomizationNamesExists() throws IOException {
        List<Path> dirs = kustomizations();
        assertThat(dirs).extracting(d -> InfraPaths.infra().relativize(d).toString())
                .contains("k8s/base", "k8s/overlays/production", "monitoring");
        List<String> missing = new ArrayList<>();
        for (Path dir : dirs) {
            Map<String, Object> k = Manifests.kustomization(dir);
            List<String> named = new ArrayList<>();
            ((List<?>) k.getOrDefault("resources", List.of())).forEach(r -> named.add(r.toString()));
            Yaml.maps(k, "patches").stream().filter(p -> p.get("path") != null).forEach(p -> named.add((String) p.get("path")));
            for (Map<String, Object> g : Yaml.maps(k, "configMapGenerator")) {
                ((List<?>) g.getOrDefault("files", List.of())).forEach(f -> named.add(f.toString()));
            }
            for (String n : named) {
                if (!Files.exists(dir.resolve(n))) {
                    missing.add(InfraPaths.infra().relativize(dir) + ": " + n);
                }
            }
        }
        assertThat(missing).isEmpty();
    }

    @Test
    void theBaseAsReadHereIsWhatKustomizeRenders() {
        Path kubectl = kubectl();
        assertThat(canonical(Manifests.loadBase(InfraPaths.base())))
                .isEqualTo(canonical(Manifests.render(kubectl, InfraPaths.base())));
        assertThat(canonical(Manifests.loadMonitoring(InfraPaths.monitoring())))
                .isEqualTo(canonical(Manifests.render(kubectl, InfraPaths.monitoring())));
    }

    @Test
    void theProductionOverlayPassesEveryCheck() {
        Manifests rendered = Manifests.render(kubectl(), InfraPaths.production());
        // No example secret in production; the fan-out's Secret is created by the operator.
        assertThat(rendered.find("Secret", "liveboard-token")).isEmpty();
        List<Map<String, Object>> withSecret = new ArrayList<>(rendered.all());
        withSecret.add(operatorSecret());
        Manifests production = new Manifests(withSecret);
        assertThat(ManifestChecksTest.allProblems(production, production)).isEmpty();
        // Every container runs the overlay's release image, not the base's snapshot.
        Set<String> images = new TreeSet<>();
        for (PodEnv pod : PodEnv.values()) {
            images.add(Yaml.str(pod.container(production), "image"));
        }
        assertThat(images).containsExactly("registry.example.com/liveboard:0.1.0");
        assertThat(production.all("PodMonitor")).hasSize(2);
    }

    private static Map<String, Object> operatorSecret() {
        Map<String, Object> secret = new LinkedHashMap<>();
        secret.put("apiVersion", "v1");
        secret.put("kind", "Secret");
        secret.put("metadata", new LinkedHashMap<>(Map.of("name", "liveboard-token", "namespace", "liveboard")));
        secret.put("stringData", Map.of(PropertyNames.AUTH_TOKEN_SECRET_ENV, "a-real-random-secret-of-more-than-32-bytes-xyz"));
        return secret;
    }

    private static Path kubectl() {
        var kubectl = Manifests.kubectl();
        assumeTrue(kubectl.isPresent(), "kubectl is not installed: kustomize rendering not checked");
        return kubectl.get();
    }

    /** Objects as sorted YAML text, order-independent. */
    private static Set<String> canonical(Manifests m) {
        Set<String> out = new TreeSet<>();
        for (Map<String, Object> o : m.all()) {
            out.add(new org.yaml.snakeyaml.Yaml().dump(sorted(o)));
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static Object sorted(Object node) {
        if (node instanceof Map<?, ?> map) {
            Map<String, Object> out = new java.util.TreeMap<>();
            map.forEach((k, v) -> out.put(String.valueOf(k), sorted(v)));
            return out;
        }
        if (node instanceof List<?> list) {
            return list.stream().map(KustomizeTest::sorted).toList();
        }
        // kustomize writes some scalars quoted that the source had bare (and the reverse): compare as text.
        return node == null ? null : String.valueOf(node);
    }
}
