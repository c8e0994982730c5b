package io.liveboard.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/** The image and the pods agree: the user the pods run as, the classpath the args rely on, the state dir. */
class DockerfileTest {

    private final String dockerfile = read();
    private final Manifests base = Manifests.loadBase(InfraPaths.base());

    private static String read() {
        try {
            return Files.readString(InfraPaths.infra().resolve("docker/Dockerfile")).replaceAll("(?m)^#.*$", "");
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void thePodsRunAsTheImagesUser() {
        Matcher user = Pattern.compile("(?m)^USER (\\d+):(\\d+)").matcher(dockerfile);
        assertThat(user.find()).isTrue();
        for (PodEnv pod : PodEnv.values()) {
            var security = Yaml.map(pod.workload(base), "spec.template.spec.securityContext");
            assertThat(String.valueOf(security.get("runAsUser"))).as(pod.toString()).isEqualTo(user.group(1));
            assertThat(String.valueOf(security.get("runAsGroup"))).as(pod.toString()).isEqualTo(user.group(2));
        }
    }

    @Test
    void theEntrypointTakesTheMainClassFromTheArgs() {
        assertThat(dockerfile).contains("ENTRYPOINT [\"java\", \"-cp\", \"/app/lib/*\"]");
        // The jars the args name are copied there: the CLI's runtime classpath holds both apps.
        assertThat(dockerfile).contains("dependency:copy-dependencies -DincludeScope=runtime")
                .contains("cp liveboard-cli/target/lib/*.jar /app/lib/");
    }

    @Test
    void theImageHasTheProcessorsStateDirForItsUser() {
        String stateDir = PodEnv.PROCESSORS.config(base).processors().stateDir();
        assertThat(dockerfile).contains("mkdir -p " + stateDir);
    }
}
