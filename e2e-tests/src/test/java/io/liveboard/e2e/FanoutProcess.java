package io.liveboard.e2e;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.liveboard.catalog.PropertyNames;

/**
 * A fan-out node (serving the dashboard) in a child JVM on a fixed port, so a test can kill it the hard way
 * (SIGKILL: no close frames, no graceful shutdown) and start another on the same port. Development profile: the
 * development token secret and the {@code /api/dev/token} endpoint of the dashboard's user picker.
 */
final class FanoutProcess implements AutoCloseable {

    private final String bootstrap;
    private final String prefix;
    final int port;
    private final Path logDir;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private Process process;
    private int starts;
    private long launchedAt;

    FanoutProcess(String bootstrap, String prefix, int port, Path logDir) {
        this.bootstrap = bootstrap;
        this.prefix = prefix;
        this.port = port;
        this.logDir = logDir;
    }

    /** Starts the node and returns once it is ready (listening, and caught up with Kafka). */
    FanoutProcess start() {
        return launch().awaitReady();
    }

    /** Starts the node's JVM and returns at once; {@link #awaitReady()} waits for it. */
    FanoutProcess launch() {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException("the fan-out is already running");
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>(List.of(java, "-Xmx384m", "-XX:TieredStopAtLevel=1",
                "-XX:+UseSerialGC", "-Dorg.apache.avro.SERIALIZABLE_PACKAGES=io.liveboard.events",
                "-cp", System.getProperty("java.class.path"), FanoutChild.class.getName(),
                "--" + PropertyNames.BOOTSTRAP_SERVERS + "=" + bootstrap,
                "--" + PropertyNames.TOPICS_PREFIX + "=" + prefix,
                "--server.port=" + port,
                "--server.address=127.0.0.1",
                "--spring.profiles.active=dev",
                "--liveboard.fanout.io-threads=2",
                "--logging.level.io.liveboard=INFO"));
        try {
            Files.createDirectories(logDir);
            Path log = logDir.resolve("fanout-" + (++starts) + ".log");
            process = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the fan-out JVM", e);
        }
        launchedAt = System.nanoTime();
        return this;
    }

    /** Waits until the node answers ready (listening, and caught up with Kafka); says how long its start took. */
    FanoutProcess awaitReady() {
        awaitReady(Duration.ofSeconds(90));
        System.out.printf("fan-out (start %d) ready after %d ms%n", starts, (System.nanoTime() - launchedAt) / 1_000_000);
        return this;
    }

    private void awaitReady(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        HttpRequest ready = HttpRequest.newBuilder(URI.create(url("/actuator/health/readiness")))
                .timeout(Duration.ofSeconds(2)).build();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the fan-out JVM exited with " + process.exitValue() + "; see "
                        + logDir.resolve("fanout-" + starts + ".log"));
            }
            try {
                if (http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new IllegalStateException("the fan-out was not ready within " + timeout + "; see "
                + logDir.resolve("fanout-" + starts + ".log"));
    }

    /** SIGKILL: the node gets no chance to say goodbye; browsers see their connections drop (1006). */
    void kill() {
        if (process == null) {
            return;
        }
        try {
            process.destroyForcibly().waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    boolean alive() {
        return process != null && process.isAlive();
    }

    String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    @Override
    public void close() {
        kill();
    }
}
