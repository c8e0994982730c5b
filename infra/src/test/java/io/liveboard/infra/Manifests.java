package io.liveboard.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The Kubernetes objects of a kustomization, either rendered by {@code kubectl kustomize} (exactly what would
 * be applied) or read by {@link #loadBase}, a reader of the subset of kustomize the base uses (resources,
 * namespace, images), so the checks run without kubectl too.
 */
final class Manifests {

    private final List<Map<String, Object>> objects;

    Manifests(List<Map<String, Object>> objects) {
        this.objects = List.copyOf(objects);
    }

    List<Map<String, Object>> all() {
        return objects;
    }

    List<Map<String, Object>> all(String kind) {
        return objects.stream().filter(o -> kind.equals(o.get("kind"))).toList();
    }

    Optional<Map<String, Object>> find(String kind, String name) {
        return objects.stream().filter(o -> kind.equals(o.get("kind")) && name.equals(Yaml.str(o, "metadata.name")))
                .findFirst();
    }

    Map<String, Object> get(String kind, String name) {
        return find(kind, name).orElseThrow(() -> new AssertionError("no " + kind + " " + name + " in the manifests"));
    }

    /** A copy with one object replaced (tests that show a check can fail). */
    Manifests with(Map<String, Object> replaced, Map<String, Object> replacement) {
        List<Map<String, Object>> copy = new ArrayList<>(objects);
        copy.set(copy.indexOf(replaced), replacement);
        return new Manifests(copy);
    }

    static Map<String, Object> container(Map<String, Object> workload, String name) {
        return Yaml.maps(workload, "spec.template.spec.containers").stream()
                .filter(c -> name.equals(c.get("name"))).findFirst()
                .orElseThrow(() -> new AssertionError("no container " + name + " in " + Yaml.str(workload, "metadata.name")));
    }

    /**
     * The environment a container would get: {@code envFrom} ConfigMaps and Secrets in order, then {@code env}
     * (values, ConfigMap/Secret key references; downward-API fields resolve to a placeholder). A reference to
     * an object or key that does not exist is an error, as it would be for the kubelet.
     */
    Map<String, String> environment(Map<String, Object> container) {
        Map<String, String> env = new LinkedHashMap<>();
        for (Map<String, Object> from : Yaml.maps(container, "envFrom")) {
            String prefix = from.getOrDefault("prefix", "").toString();
            if (from.containsKey("configMapRef")) {
                data("ConfigMap", Yaml.str(from, "configMapRef.name")).forEach((k, v) -> env.put(prefix + k, v));
            } else if (from.containsKey("secretRef")) {
                data("Secret", Yaml.str(from, "secretRef.name")).forEach((k, v) -> env.put(prefix + k, v));
            }
        }
        for (Map<String, Object> e : Yaml.maps(container, "env")) {
            String name = (String) e.get("name");
            if (e.containsKey("value")) {
                env.put(name, String.valueOf(e.get("value")));
            } else if (Yaml.at(e, "valueFrom.configMapKeyRef") != null) {
                env.put(name, key("ConfigMap", Yaml.str(e, "valueFrom.configMapKeyRef.name"),
                        Yaml.str(e, "valueFrom.configMapKeyRef.key")));
            } else if (Yaml.at(e, "valueFrom.secretKeyRef") != null) {
                env.put(name, key("Secret", Yaml.str(e, "valueFrom.secretKeyRef.name"),
                        Yaml.str(e, "valueFrom.secretKeyRef.key")));
            } else if (Yaml.at(e, "valueFrom.fieldRef") != null) {
                env.put(name, "field:" + Yaml.str(e, "valueFrom.fieldRef.fieldPath"));
            } else {
                env.put(name, "");
            }
        }
        return env;
    }

    /** A ConfigMap's data, or a Secret's stringData plus decoded data. */
    Map<String, String> data(String kind, String name) {
        Map<String, Object> object = get(kind, name);
        Map<String, String> out = new LinkedHashMap<>();
        if ("Secret".equals(kind)) {
            Yaml.map(object, "data").forEach((k, v) -> out.put(k,
                    new String(Base64.getDecoder().decode(String.valueOf(v)), StandardCharsets.UTF_8)));
            Yaml.map(object, "stringData").forEach((k, v) -> out.put(k, String.valueOf(v)));
        } else {
            Yaml.map(object, "data").forEach((k, v) -> out.put(k, v == null ? "" : String.valueOf(v)));
        }
        return out;
    }

    private String key(String kind, String name, String key) {
        Map<String, String> data = data(kind, name);
        if (!data.containsKey(key)) {
            throw new AssertionError(kind + " " + name + " has no key " + key);
        }
        return data.get(key);
    }

    // ---- loading ----

    /**
     * Reads a kustomization that uses only {@code resources} (files or directories with their own
     * kustomization), {@code namespace} and {@code images}; anything else is refused rather than ignored.
     */
    static Manifests loadBase(Path dir) {
        return new Manifests(load(dir));
    }

    private static final List<String> SUPPORTED =
            List.of("apiVersion", "kind", "namespace", "resources", "images", "configMapGenerator");

    /** infra/monitoring: PodMonitors and the dashboard's ConfigMap. */
    static Manifests loadMonitoring(Path dir) {
        return new Manifests(load(dir));
    }

    private static List<Map<String, Object>> load(Path dir) {
        Map<String, Object> k = kustomization(dir);
        for (String field : k.keySet()) {
            if (!SUPPORTED.contains(field)) {
                throw new IllegalStateException(dir + ": the local reader does not support '" + field
                        + "'; render with kubectl kustomize instead");
            }
        }
        List<Map<String, Object>> out = new ArrayList<>();
        for (Object r : (List<?>) k.getOrDefault("resources", List.of())) {
            Path p = dir.resolve(r.toString()).normalize();
            if (Files.isDirectory(p)) {
                out.addAll(load(p));
            } else if (Files.isRegularFile(p)) {
                out.addAll(Yaml.documents(p));
            } else {
                throw new IllegalStateException(dir + ": resource " + r + " does not exist");
            }
        }
        for (Map<String, Object> generator : Yaml.maps(k, "configMapGenerator")) {
            out.add(generatedConfigMap(dir, generator));
        }
        String namespace = (String) k.get("namespace");
        for (Map<String, Object> o : out) {
            if (namespace != null && !"Namespace".equals(o.get("kind"))) {
                Yaml.map(o, "metadata").put("namespace", namespace);
            }
            for (Map<String, Object> image : Yaml.maps(k, "images")) {
                for (Map<String, Object> c : Yaml.maps(o, "spec.template.spec.containers")) {
                    if (image.get("name").equals(c.get("image"))) {
                        c.put("image", image.getOrDefault("newName", image.get("name")) + ":" + image.get("newTag"));
                    }
                }
            }
        }
        return out;
    }

    /** A configMapGenerator entry with {@code files} (key = file name) and options; no hash suffix support. */
    private static Map<String, Object> generatedConfigMap(Path dir, Map<String, Object> generator) {
        if (!Boolean.TRUE.equals(Yaml.at(generator, "options.disableNameSuffixHash"))) {
            throw new IllegalStateException(dir + ": the local reader supports generators without name hashes only");
        }
        Map<String, Object> data = new LinkedHashMap<>();
        for (Object f : (List<?>) generator.getOrDefault("files", List.of())) {
            Path file = dir.resolve(f.toString()).normalize();
            if (!file.startsWith(dir)) {
                throw new IllegalStateException(dir + ": kustomize refuses files outside the kustomization: " + f);
            }
            try {
                data.put(file.getFileName().toString(), Files.readString(file));
            } catch (IOException e) {
                throw new UncheckedIOException(dir + ": generator file " + f, e);
            }
        }
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("name", generator.get("name"));
        metadata.put("labels", new LinkedHashMap<>(Yaml.map(generator, "options.labels")));
        Map<String, Object> cm = new LinkedHashMap<>();
        cm.put("apiVersion", "v1");
        cm.put("kind", "ConfigMap");
        cm.put("metadata", metadata);
        cm.put("data", data);
        return cm;
    }

    static Map<String, Object> kustomization(Path dir) {
        for (String name : List.of("kustomization.yaml", "kustomization.yml", "Kustomization")) {
            Path file = dir.resolve(name);
            if (Files.isRegularFile(file)) {
                return Yaml.documents(file).get(0);
            }
        }
        throw new IllegalStateException("no kustomization in " + dir);
    }

    /** kubectl (which bundles kustomize) when it is on the PATH. */
    static Optional<Path> kubectl() {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        return Stream.of(path.split(java.io.File.pathSeparator)).map(p -> Path.of(p, "kubectl"))
                .filter(Files::isExecutable).findFirst();
    }

    /** What {@code kubectl kustomize DIR} renders. */
    static Manifests render(Path kubectl, Path dir) {
        try {
            Process p = new ProcessBuilder(kubectl.toString(), "kustomize", dir.toString())
                    .redirectErrorStream(false).start();
            byte[] out = p.getInputStream().readAllBytes();
            byte[] err = p.getErrorStream().readAllBytes();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("kubectl kustomize " + dir + " did not finish");
            }
            if (p.exitValue() != 0) {
                throw new IllegalStateException("kubectl kustomize " + dir + " failed: "
                        + new String(err, StandardCharsets.UTF_8));
            }
            return new Manifests(Yaml.documents(new String(out, StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
