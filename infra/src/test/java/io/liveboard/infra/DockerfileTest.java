package io.liveboard.infra;

import static org.assertj.core.api.Assertions.assertThat;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/**
 * The image and the pods agree: the user the pods run as, the classpath the args rely on, the state dir, the JVM
 * options the image's Java accepts.
 */
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

    /**
     * A JVM option the image's Java does not know stops the pod from starting (or, once only obsolete, is ignored
     * with a warning): each pod's JAVA_TOOL_OPTIONS must start this Java without a word, when it is the image's.
     */
    @Test
    void thePodsJvmOptionsAreKnownToTheImagesJava() throws Exception {
        Matcher jre = Pattern.compile("(?m)^FROM eclipse-temurin:(\\d+)-jre").matcher(dockerfile);
        assertThat(jre.find()).isTrue();
        assumeTrue(Runtime.version().feature() == Integer.parseInt(jre.group(1)),
                "the tests run on Java " + Runtime.version().feature() + ", the image has Java " + jre.group(1));
        for (PodEnv pod : PodEnv.values()) {
            String options = pod.config(base).env.getProperty("JAVA_TOOL_OPTIONS");
            assertThat(options).as(pod.toString()).isNotBlank();
            List<String> cmd = new ArrayList<>(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString()));
            cmd.addAll(List.of(options.trim().split("\\s+")));
            cmd.add("-version");
            Process java = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String output = new String(java.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(java.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(java.exitValue()).as(pod + ": " + output).isZero();
            assertThat(output).as(pod.toString()).doesNotContainIgnoringCase("warning")
                    .doesNotContain("Unrecognized");
        }
    }
}
