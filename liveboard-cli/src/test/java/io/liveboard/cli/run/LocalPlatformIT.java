package io.liveboard.cli.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import io.liveboard.cli.CliRun;
import io.liveboard.testing.FreePorts;
import io.liveboard.testing.ws.WsTestClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * {@code liveboard run} as a newcomer uses it: everything starts in one JVM, the simulated apps' events reach a
 * WebSocket client within seconds, the dashboard is served, and a stop and restart keeps the state and leaves
 * no threads behind.
 */
class LocalPlatformIT {

    @Test
    void runsEverythingStopsCleanlyAndComesBackWithItsState(@TempDir Path data) throws Exception {
        Set<Thread> before = Thread.getAllStackTraces().keySet();
        int kafkaPort = FreePorts.pair(); // and kafkaPort + 1, the controller's
        int httpPort = FreePorts.one();
        int processorsPort = FreePorts.one();
        StringWriter log = new StringWriter();
        LocalPlatform.Settings settings = new LocalPlatform.Settings(data, null, kafkaPort, httpPort, processorsPort,
                true, 40, 40, 3, "");

        long firstSeq;
        try (LocalPlatform platform = LocalPlatform.start(settings, new PrintWriter(log, true))) {
            assertThat(log.toString()).contains("Kafka (in-process)", "stream processors", "fan-out and dashboard",
                    "simulated learning apps");
            try (WsTestClient client = WsTestClient.connect("ws://127.0.0.1:" + httpPort + "/api/ws")) {
                client.awaitType("welcome");
                client.subscribe("activity:feed");
                client.awaitSubscribed("activity:feed");
                assertThat(client.awaitEvents("activity:feed", 3, Duration.ofSeconds(90))).hasSizeGreaterThanOrEqualTo(3);
                // The board lags the feed by a repartition hop and a commit: ask until it has a snapshot.
                JsonNode snapshot = org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(60))
                        .pollInterval(Duration.ofMillis(500)).until(() -> {
                            int earlier = (int) client.messages().stream().filter(LocalPlatformIT::overallReply).count();
                            client.subscribe("leaderboard:overall");
                            client.await(m -> client.messages().stream().filter(LocalPlatformIT::overallReply).count()
                                    > earlier, Duration.ofSeconds(10));
                            List<JsonNode> replies = client.messages().stream().filter(LocalPlatformIT::overallReply)
                                    .toList();
                            return replies.get(replies.size() - 1).get("data").get("snapshot");
                        }, s -> !s.isNull());
                assertThat(snapshot.get("entries").size()).isPositive();
                firstSeq = snapshot.get("seq").asLong();
            }
            HttpClient http = HttpClient.newHttpClient();
            HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.body()).contains("liveboard");
            HttpResponse<String> health = http.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + processorsPort + "/actuator/health")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(health.body()).contains("\"status\":\"UP\"");
            assertThat(platform.simulatorFailure()).isEmpty();
            CliRun deadLetters = CliRun.of("replay", "--bootstrap", platform.bootstrap(), "--topic", "dead-letters");
            assertThat(deadLetters.err()).contains("Replayed 0 records");
        }

        // Restart on the same data, without the simulator: the boards are there at once.
        LocalPlatform.Settings again = new LocalPlatform.Settings(data, null, kafkaPort, httpPort, processorsPort,
                false, 40, 40, 3, "");
        try (LocalPlatform platform = LocalPlatform.start(again, new PrintWriter(new StringWriter(), true));
             WsTestClient client = WsTestClient.connect("ws://127.0.0.1:" + httpPort + "/api/ws")) {
            client.awaitType("welcome");
            client.subscribe("leaderboard:overall");
            JsonNode snapshot = client.awaitSubscribed("leaderboard:overall").path("data").path("snapshot");
            assertThat(snapshot.isObject()).as("a snapshot right after the restart").isTrue();
            assertThat(snapshot.path("seq").asLong()).isGreaterThanOrEqualTo(firstSeq);
            // The processors rejoin at once as the same static member, not after a session timeout.
            HttpClient http = HttpClient.newHttpClient();
            org.awaitility.Awaitility.await("processors running again").atMost(Duration.ofSeconds(30))
                    .until(() -> http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + processorsPort
                            + "/actuator/health")).build(), HttpResponse.BodyHandlers.ofString()).body()
                            .contains("\"state\":\"RUNNING\""));
        }

        org.awaitility.Awaitility.await("non-daemon threads end").pollInSameThread().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(Thread.getAllStackTraces().keySet().stream()
                        .filter(t -> !before.contains(t) && t.isAlive() && !t.isDaemon())
                        .map(Thread::getName).collect(Collectors.toSet())).as("non-daemon threads left behind").isEmpty());
    }

    private static boolean overallReply(JsonNode m) {
        return "subscribed".equals(m.path("type").asString()) && "leaderboard:overall".equals(m.path("channel").asString());
    }
}
