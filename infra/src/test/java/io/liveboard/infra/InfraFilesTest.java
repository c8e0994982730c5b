package io.liveboard.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** Every YAML and JSON file under infra/ parses; every Kubernetes object has its identity. */
class InfraFilesTest {

    private static List<Path> files(String... suffixes) throws IOException {
        try (Stream<Path> files = Files.walk(InfraPaths.infra())) {
            return files.filter(Files::isRegularFile)
                    .filter(p -> !InfraPaths.infra().relativize(p).startsWith("target")
                            && !InfraPaths.infra().relativize(p).startsWith("src"))
                    .filter(p -> Stream.of(suffixes).anyMatch(s -> p.toString().endsWith(s))).sorted().toList();
        }
    }

    @Test
    void everyYamlFileParses() throws IOException {
        List<Path> yaml = files(".yaml", ".yml");
        assertThat(yaml).hasSizeGreaterThan(10);
        List<String> problems = new ArrayList<>();
        for (Path file : yaml) {
            try {
                for (Map<String, Object> doc : Yaml.documents(file)) {
                    if (doc.containsKey("kind") && !doc.get("kind").equals("Kustomization")) {
                        if (doc.get("apiVersion") == null || Yaml.str(doc, "metadata.name") == null) {
                            problems.add(file + ": a " + doc.get("kind") + " without apiVersion or metadata.name");
                        }
                    }
                }
            } catch (RuntimeException e) {
                problems.add(file + ": " + e.getMessage());
            }
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void everyJsonFileParses() throws IOException {
        JsonMapper json = JsonMapper.builder().build();
        List<Path> files = files(".json");
        assertThat(files).isNotEmpty();
        for (Path file : files) {
            assertThat(json.readTree(Files.readString(file))).as(file.toString()).isNotNull();
        }
    }
}
