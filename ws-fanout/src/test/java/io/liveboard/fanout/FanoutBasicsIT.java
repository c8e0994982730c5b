package io.liveboard.fanout;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;

import io.liveboard.fanout.protocol.CloseCodes;
import io.liveboard.testing.ws.WsTestClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/** The protocol's basics against a real node on the embedded broker. */
class FanoutBasicsIT {

    @RegisterExtension
    static final NodeUnderTest fanout = new NodeUnderTest("fanout-basics");

    @Test
    void anExpiringTokenClosesTheConnectionAtItsExpiryNotAtTheNextHeartbeat() {
        // This node's heartbeat is 25 s: a close within a few seconds comes from the expiry itself.
        String shortLived = fanout.node.tokens().issue(42, "ada", Duration.ofSeconds(2));
        try (WsTestClient ada = WsTestClient.connect(fanout.node.ws(shortLived))) {
            assertThat(ada.awaitType("welcome").path("data").path("heartbeat_ms").asLong()).isEqualTo(25_000);
            ada.subscribe("user:42:achievements").awaitSubscribed("user:42:achievements");
            long start = System.nanoTime();
            assertThat(ada.awaitClose(Duration.ofSeconds(8))).isEqualTo(CloseCodes.UNAUTHORIZED);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(4));
        }
    }

    @Test
    void welcomesAnonymousAndSignedInClients() {
        try (WsTestClient anon = WsTestClient.connect(fanout.node.ws());
             WsTestClient ada = WsTestClient.connect(fanout.node.ws(fanout.node.tokens().issue(42, "ada",
                     Duration.ofMinutes(5))))) {
            JsonNode welcome = anon.awaitType("welcome");
            assertThat(anon.messages().get(0).path("type").asString()).isEqualTo("welcome");
            assertThat(welcome.path("data").path("connection_id").asString()).startsWith("c-");
            assertThat(welcome.path("data").path("user_id").isNull()).isTrue();
            assertThat(welcome.path("data").path("heartbeat_ms").asLong()).isEqualTo(25_000);
            JsonNode signed = ada.awaitType("welcome");
            assertThat(signed.path("data").path("user_id").asLong()).isEqualTo(42);
            assertThat(signed.path("data").path("username").asString()).isEqualTo("ada");
        }
    }

    @Test
    void deliversLiveLeaderboardUpdatesAfterSubscribing() {
        try (WsTestClient ws = fanout.node.connect()) {
            ws.subscribe("leaderboard:piano_score");
            JsonNode subscribed = ws.awaitSubscribed("leaderboard:piano_score");
            assertThat(subscribed.path("data").path("recovered").isNull()).isTrue();
            var meta = fanout.outputs.leaderboardUpdate("piano_score", 1, 5, 1);
            JsonNode update = ws.awaitEvents("leaderboard:piano_score", 1).get(0);
            assertThat(update.path("type").asString()).isEqualTo("leaderboard.update");
            assertThat(update.path("data").path("user_id").asLong()).isEqualTo(5);
            assertThat(update.path("data").path("seq").asLong()).isEqualTo(1);
            assertThat(update.path("pos").asString())
                    .isEqualTo(io.liveboard.fanout.protocol.Position.of(meta.partition(), meta.offset()).encode());
        }
    }

    @Test
    void answersPingAndUnsubscribe() {
        try (WsTestClient ws = fanout.node.connect()) {
            ws.send("{\"type\":\"ping\"}");
            assertThat(ws.awaitType("pong").path("data").path("server_time").asString()).isNotEmpty();
            ws.subscribe("activity:feed");
            ws.awaitSubscribed("activity:feed");
            ws.unsubscribe("activity:feed");
            assertThat(ws.awaitType("unsubscribed").path("channel").asString()).isEqualTo("activity:feed");
            ws.unsubscribe("activity:feed");
            assertThat(ws.awaitError("not_subscribed").path("channel").asString()).isEqualTo("activity:feed");
        }
    }

    @Test
    void exportsMetricsAndReadiness() throws InterruptedException {
        try (WsTestClient ws = fanout.node.connect()) {
            ws.subscribe("leaderboard:overall");
            ws.awaitSubscribed("leaderboard:overall");
            String nodeLatency = "liveboard_fanout_delivery_node_latency_seconds";
            String latency = "liveboard_fanout_delivery_latency_seconds";
            String before = fanout.node.get("/actuator/prometheus").body();
            long nodeLatenciesBefore = timerCount(before, nodeLatency);
            long latenciesBefore = timerCount(before, latency);
            fanout.outputs.leaderboardUpdate("overall", 3, 4, 1);
            ws.awaitEvents("leaderboard:overall", 1);
            // The loop records the latencies after its writes, so the client may see the message first.
            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            HttpResponse<String> prometheus = fanout.node.get("/actuator/prometheus");
            while (timerCount(prometheus.body(), nodeLatency) == nodeLatenciesBefore
                    && System.nanoTime() < deadline) {
                Thread.sleep(20);
                prometheus = fanout.node.get("/actuator/prometheus");
            }
            assertThat(prometheus.statusCode()).isEqualTo(200);
            assertThat(prometheus.body()).contains("liveboard_fanout_connections", "liveboard_fanout_subscriptions",
                    "kind=\"leaderboard\"", "liveboard_fanout_messages_delivered", "liveboard_fanout_delivery_latency",
                    "liveboard_fanout_slow_disconnects", "liveboard_fanout_resumes", "liveboard_fanout_consumer_lag");
            // Both latencies are recorded once per delivered record and loop: the node's own part with the total.
            assertThat(timerCount(prometheus.body(), nodeLatency) - nodeLatenciesBefore)
                    .isEqualTo(timerCount(prometheus.body(), latency) - latenciesBefore)
                    .isPositive();
            // The targets are buckets of their own, so "share within 10 ms" is exact (an alert can use it).
            for (String name : List.of(latency, nodeLatency)) {
                for (String target : List.of("0.01", "0.1")) {
                    assertThat(prometheus.body()).containsPattern(
                            "(?m)^" + name + "_bucket\\{[^}]*le=\"" + Pattern.quote(target) + "\"");
                }
            }
        }
        assertThat(fanout.node.get("/actuator/health/readiness").statusCode()).isEqualTo(200);
        assertThat(fanout.node.get("/actuator/health/liveness").statusCode()).isEqualTo(200);
    }

    private static long timerCount(String scrape, String name) {
        java.util.regex.Matcher m = Pattern.compile("(?m)^" + name + "_count(?:\\{[^}]*\\})? (\\S+)$")
                .matcher(scrape);
        return m.find() ? (long) Double.parseDouble(m.group(1)) : 0;
    }

    @Test
    void servesTheDashboardAtRoot() {
        HttpResponse<String> root = fanout.node.get("/");
        assertThat(root.statusCode()).isEqualTo(200);
        assertThat(root.body()).containsIgnoringCase("<title>");
        assertThat(root.headers().firstValue("content-type").orElse("")).startsWith("text/html");
        HttpResponse<String> file = fanout.node.get("/index.html");
        assertThat(file.statusCode()).isEqualTo(200);
    }
}
