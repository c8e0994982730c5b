package io.liveboard.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.liveboard.catalog.ProcessorPropertyNames;
import io.liveboard.catalog.PropertyNames;
import io.liveboard.catalog.Topic;
import io.liveboard.catalog.TopicCatalog;
import io.liveboard.fanout.FanoutApplication;
import io.liveboard.processors.ProcessorsApplication;
import io.liveboard.schema.AvroCodec;
import io.liveboard.schema.AvroTrust;
import io.liveboard.testing.EmbeddedKafka;
import io.liveboard.testing.Events;
import io.liveboard.testing.FreePorts;
import io.liveboard.testing.ws.WsTestClient;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * The nginx example for real (when nginx is installed; skipped otherwise): infra/nginx/nginx.conf, only its
 * ports changed, in front of two fan-out nodes and the processors on the shared broker. Two clients through
 * nginx land on different nodes and get the same channel messages with the same positions; a client that
 * resumes on the other node with a position from the first gets exactly what it missed.
 */
class NginxLoadBalancerIT {

    private static final String SECRET = "nginx-it-secret-0123456789-0123456789-0123456789";

    private final List<ConfigurableApplicationContext> apps = new ArrayList<>();
    private Process nginx;

    @AfterEach
    void stop() throws Exception {
        if (nginx != null) {
            nginx.destroy();
            if (!nginx.waitFor(10, TimeUnit.SECONDS)) {
                nginx.destroyForcibly();
            }
        }
        for (int i = apps.size() - 1; i >= 0; i--) {
            apps.get(i).close();
        }
    }

    @Test
    void twoNodesBehindNginxServeTheSameChannels(@TempDir Path dir) throws Exception {
        var binary = NginxConfig.binary();
        assumeTrue(binary.isPresent(), "nginx is not installed (set LIVEBOARD_NGINX to its binary to run this)");
        AvroTrust.install();
        EmbeddedKafka kafka = EmbeddedKafka.shared();
        TopicCatalog catalog = kafka.createTopics("nginx");
        apps.add(new SpringApplicationBuilder(ProcessorsApplication.class).properties(Map.of(
                PropertyNames.BOOTSTRAP_SERVERS, kafka.bootstrapServers(), PropertyNames.TOPICS_PREFIX, catalog.prefix(),
                ProcessorPropertyNames.STATE_DIR, Files.createDirectories(dir.resolve("state")).toString(),
                ProcessorPropertyNames.SERVER_PORT, "0", "server.address", "127.0.0.1")).run());
        int[] nodes = new int[2];
        for (int i = 0; i < 2; i++) {
            ConfigurableApplicationContext node = new SpringApplicationBuilder(FanoutApplication.class).properties(Map.of(
                    PropertyNames.BOOTSTRAP_SERVERS, kafka.bootstrapServers(), PropertyNames.TOPICS_PREFIX, catalog.prefix(),
                    PropertyNames.AUTH_TOKEN_SECRET, SECRET, "spring.profiles.active", "production",
                    "server.port", "0", "server.address", "127.0.0.1")).run();
            apps.add(node);
            nodes[i] = Integer.parseInt(node.getEnvironment().getProperty("local.server.port"));
        }
        int front = FreePorts.one();
        startNginx(binary.get(), dir, nodes, front);
        HttpClient http = HttpClient.newHttpClient();
        for (int node : nodes) {
            // Ready (caught up with Kafka), asked on the node itself: nginx keeps Actuator private.
            await().atMost(Duration.ofSeconds(60)).until(() -> status(http, node, "/actuator/health/readiness") == 200);
        }
        assertThat(status(http, front, "/")).isEqualTo(200);
        assertThat(status(http, front, "/actuator/health")).isEqualTo(404);

        String channel = "leaderboard:typing_wpm";
        String ws = "ws://127.0.0.1:" + front + "/api/ws";
        try (WsTestClient a = WsTestClient.connect(ws); WsTestClient b = WsTestClient.connect(ws);
             KafkaProducer<String, byte[]> producer = kafka.producer()) {
            String nodeA = node(a.awaitType("welcome"));
            String nodeB = node(b.awaitType("welcome"));
            assertThat(nodeA).as("least_conn puts the second connection on the other node").isNotEqualTo(nodeB);
            a.subscribe(channel).awaitSubscribed(channel);
            b.subscribe(channel).awaitSubscribed(channel);
            String topic = catalog.name(Topic.LEARNING_EVENTS);
            Events.Builder ada = Events.user(42, "ada").at("2026-11-20T10:00:00Z");
            producer.send(new ProducerRecord<>(topic, "42", AvroCodec.shared().encode(ada.started("s-1"))));
            producer.send(new ProducerRecord<>(topic, "42", AvroCodec.shared().encode(ada.completed("s-1", 88, 20))));
            producer.flush();
            JsonNode first = a.awaitEvents(channel, 1, Duration.ofSeconds(60)).get(0);
            assertThat(b.awaitEvents(channel, 1, Duration.ofSeconds(60)).get(0)).isEqualTo(first);

            // b leaves; a second update happens; a client resuming from a's position lands on b's node (now the
            // emptier one) and gets exactly the missed update.
            b.closeNormally();
            await().atMost(Duration.ofSeconds(10)).until(b::isClosed);
            Events.Builder bob = Events.user(43, "bob").at("2026-11-20T10:05:00Z");
            producer.send(new ProducerRecord<>(topic, "43", AvroCodec.shared().encode(bob.started("s-2"))));
            producer.send(new ProducerRecord<>(topic, "43", AvroCodec.shared().encode(bob.completed("s-2", 95, 20))));
            producer.flush();
            List<JsonNode> onA = a.awaitEvents(channel, 3, Duration.ofSeconds(60));
            try (WsTestClient c = WsTestClient.connect(ws)) {
                assertThat(node(c.awaitType("welcome"))).isEqualTo(nodeB);
                c.subscribe(channel, first.path("pos").asString());
                JsonNode subscribed = c.awaitSubscribed(channel);
                assertThat(subscribed.path("data").path("recovered").asBoolean()).isTrue();
                List<JsonNode> missed = c.awaitEvents(channel, onA.size() - 1, Duration.ofSeconds(30));
                assertThat(missed).containsExactlyElementsOf(onA.subList(1, onA.size()));
            }
        }
    }

    private void startNginx(Path binary, Path dir, int[] nodes, int front) throws IOException, InterruptedException {
        String conf = Files.readString(NginxConfig.file());
        String changed = replaceOnce(replaceOnce(replaceOnce(conf,
                "server 127.0.0.1:8080 ", "server 127.0.0.1:" + nodes[0] + " "),
                "server 127.0.0.1:8082 ", "server 127.0.0.1:" + nodes[1] + " "),
                "listen 127.0.0.1:8000;", "listen 127.0.0.1:" + front + ";")
                .replace("worker_connections 20000;", "worker_connections 1024;")
                .replace("worker_processes auto;", "worker_processes 1;");
        Path file = dir.resolve("nginx.conf");
        Files.writeString(file, changed);
        Files.createDirectories(dir.resolve("logs"));
        Files.createDirectories(dir.resolve("temp"));
        nginx = new ProcessBuilder(binary.toString(), "-e", "stderr", "-p", dir.toString(), "-c", file.toString(),
                "-g", "daemon off;").redirectErrorStream(true).redirectOutput(dir.resolve("logs/stdout.log").toFile()).start();
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", front), 200);
                return true;
            } catch (IOException e) {
                assertThat(nginx.isAlive()).as(Files.readString(dir.resolve("logs/stdout.log"))).isTrue();
                return false;
            }
        });
    }

    private static String replaceOnce(String text, String from, String to) {
        int at = text.indexOf(from);
        assertThat(at).as("nginx.conf has '%s' once", from).isGreaterThanOrEqualTo(0);
        assertThat(text.indexOf(from, at + 1)).as("nginx.conf has '%s' once", from).isNegative();
        return text.replace(from, to);
    }

    private static String node(JsonNode welcome) {
        String id = welcome.path("data").path("connection_id").asString();
        return id.substring(0, id.lastIndexOf('-'));
    }

    private static int status(HttpClient http, int port, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}
