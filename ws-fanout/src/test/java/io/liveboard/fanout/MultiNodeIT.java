package io.liveboard.fanout;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import io.liveboard.catalog.Topic;
import io.liveboard.catalog.TopicCatalog;
import io.liveboard.fanout.protocol.CloseCodes;
import io.liveboard.testing.EmbeddedKafka;
import io.liveboard.testing.FreePorts;
import io.liveboard.testing.ws.WsTestClient;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/** Positions are valid on every node and survive restarts; a stopping node tells its clients to come back. */
class MultiNodeIT {

    static List<String> titles(List<JsonNode> events) {
        return events.stream().map(e -> e.path("data").path("title").asString()).toList();
    }

    @Test
    void resumesAcrossARestartAfterAGracefulShutdown() {
        TopicCatalog catalog = EmbeddedKafka.shared().createTopics("fanout-restart");
        try (Outputs outputs = new Outputs(catalog)) {
            String lastPos;
            TestNode first = TestNode.start(catalog);
            try (WsTestClient ws = first.connect(80)) {
                ws.subscribe("user:80:achievements");
                ws.awaitSubscribed("user:80:achievements");
                outputs.achievement(80, "R1");
                outputs.achievement(80, "R2");
                lastPos = ws.awaitEvents("user:80:achievements", 2).get(1).path("pos").asString();
                first.close();
                assertThat(ws.awaitClose()).isEqualTo(CloseCodes.SERVICE_RESTART);
            }
            outputs.achievement(80, "R3");
            RecordMetadata r4 = outputs.achievement(80, "R4");
            try (TestNode second = TestNode.start(catalog); WsTestClient ws = second.connect(80)) {
                second.awaitConsumed(Topic.USER_UPDATES, r4);
                ws.subscribe("user:80:achievements", lastPos);
                assertThat(ws.awaitSubscribed("user:80:achievements").path("data").path("recovered").asBoolean())
                        .isTrue();
                outputs.achievement(80, "R5");
                assertThat(titles(ws.awaitEvents("user:80:achievements", 3))).containsExactly("R3", "R4", "R5");
            }
        }
    }

    @Test
    void subscribesThatArriveBeforeTheNodeCaughtUpWaitForIt() throws Exception {
        // A node started before every output topic exists cannot be caught up: exactly the window in which an
        // early subscribe used to get an empty board.
        TopicCatalog catalog = new TopicCatalog(EmbeddedKafka.uniquePrefix("fanout-catching-up"), (short) 1);
        String activity = catalog.name(Topic.ACTIVITY);
        try (var admin = EmbeddedKafka.shared().admin()) {
            admin.createTopics(catalog.newTopics().stream().filter(t -> !t.name().equals(activity)).toList())
                    .all().get(30, java.util.concurrent.TimeUnit.SECONDS);
        }
        try (Outputs outputs = new Outputs(catalog)) {
            outputs.snapshot("overall", 41, 82, 83);
            outputs.snapshot("overall", 42, 83, 82);
            try (TestNode node = TestNode.startServing(catalog, java.util.Map.of());
                 WsTestClient ws = node.connect()) {
                ws.subscribe("leaderboard:overall");
                ws.subscribe("activity:feed");
                ws.unsubscribe("activity:feed");
                assertThat(ws.awaitType("unsubscribed").path("channel").asString()).isEqualTo("activity:feed");
                Thread.sleep(1500);
                assertThat(node.caughtUp()).isFalse();
                assertThat(ws.messages()).noneMatch(m -> "subscribed".equals(m.path("type").asString()));

                EmbeddedKafka.shared().createTopics(catalog);
                JsonNode snapshot = ws.awaitSubscribed("leaderboard:overall").path("data").path("snapshot");
                assertThat(snapshot.path("seq").asLong()).isEqualTo(42);
                assertThat(snapshot.path("entries").get(0).path("user_id").asLong()).isEqualTo(83);
                assertThat(node.caughtUp()).isTrue();
                ws.subscribe("activity:feed");
                ws.awaitSubscribed("activity:feed");
                assertThat(ws.messages()).filteredOn(m -> "error".equals(m.path("type").asString())).isEmpty();
            }
        }
    }

    @Test
    void aPositionFromOneNodeResumesOnAnother() {
        TopicCatalog catalog = EmbeddedKafka.shared().createTopics("fanout-two-nodes");
        try (Outputs outputs = new Outputs(catalog); TestNode a = TestNode.start(catalog);
             TestNode b = TestNode.start(catalog)) {
            String lastPos;
            try (WsTestClient onA = a.connect(81); WsTestClient stayOnA = a.connect(81)) {
                onA.subscribe("user:81:rank-changes");
                onA.awaitSubscribed("user:81:rank-changes");
                stayOnA.subscribe("user:81:rank-changes");
                stayOnA.awaitSubscribed("user:81:rank-changes");
                outputs.rankChanged(81, 10);
                lastPos = onA.awaitEvents("user:81:rank-changes", 1).get(0).path("pos").asString();
                onA.close();
                outputs.rankChanged(81, 9);
                RecordMetadata missed = outputs.rankChanged(81, 8);
                b.awaitConsumed(Topic.USER_UPDATES, missed);
                try (WsTestClient onB = b.connect(81)) {
                    onB.subscribe("user:81:rank-changes", lastPos);
                    assertThat(onB.awaitSubscribed("user:81:rank-changes").path("data").path("recovered")
                            .asBoolean()).isTrue();
                    outputs.rankChanged(81, 7);
                    List<JsonNode> events = onB.awaitEvents("user:81:rank-changes", 3);
                    assertThat(events.stream().map(e -> e.path("data").path("rank").asInt()).toList())
                            .containsExactly(9, 8, 7);
                    // The positions are the same on both nodes.
                    List<JsonNode> onAEvents = stayOnA.awaitEvents("user:81:rank-changes", 4);
                    assertThat(onAEvents.subList(1, 4).stream().map(e -> e.path("pos").asString()).toList())
                            .isEqualTo(events.stream().map(e -> e.path("pos").asString()).toList());
                }
            }
        }
    }

    /**
     * Behind a load balancer the REST call and the socket land on different nodes: B passes the call to its peers
     * (A, itself, one that refuses connections, one whose name does not resolve) and A's answer comes back.
     */
    @Test
    void aRestSubscribeOnOneNodeActsOnASocketHeldByAnother() throws Exception {
        TopicCatalog catalog = EmbeddedKafka.shared().createTopics("fanout-rest-peers");
        int bPort = FreePorts.one();
        JsonMapper json = JsonMapper.builder().build();
        try (Outputs outputs = new Outputs(catalog); TestNode a = TestNode.start(catalog)) {
            String peers = "127.0.0.1:" + a.port + ", 127.0.0.1:" + bPort + ", 127.0.0.1:1, no-such-node.invalid:8080";
            try (TestNode b = TestNode.start(catalog, Map.of("server.port", bPort, "liveboard.fanout.peers", peers));
                 WsTestClient ws = a.connect(82)) {
                String id = ws.awaitType("welcome").path("data").path("connection_id").asString();
                String body = "{\"connection_id\":\"" + id + "\",\"channels\":[\"user:82:achievements\",\"user:83:progress\"]}";
                HttpResponse<String> r = b.post("/api/ws/subscribe", body, b.token(82));
                assertThat(r.statusCode()).isEqualTo(200);
                JsonNode results = json.readTree(r.body()).path("results");
                assertThat(results.get(0).path("ok").asBoolean()).isTrue();
                assertThat(results.get(1).path("code").asString()).isEqualTo("forbidden");
                ws.awaitSubscribed("user:82:achievements");
                outputs.achievement(82, "Across nodes");
                assertThat(titles(ws.awaitEvents("user:82:achievements", 1))).containsExactly("Across nodes");

                // Another user's credentials find the connection on no node; nor does an id no node holds.
                assertThat(b.post("/api/ws/subscribe", body, b.token(83)).statusCode()).isEqualTo(404);
                HttpResponse<String> unknown = b.post("/api/ws/subscribe",
                        "{\"connection_id\":\"c-zz-1\",\"channels\":[\"activity:feed\"]}", null);
                assertThat(unknown.statusCode()).isEqualTo(404);
                assertThat(json.readTree(unknown.body()).path("message").asString()).contains("any node");
                // Forwarded once per call: B, among its own peers, answered the forwarded copy without passing it on.
                assertThat(forwarded(b, "found")).isEqualTo(1);
                assertThat(forwarded(b, "not-found")).isEqualTo(2);

                HttpResponse<String> u = b.post("/api/ws/unsubscribe",
                        "{\"connection_id\":\"" + id + "\",\"channels\":[\"user:82:achievements\"]}", b.token(82));
                assertThat(u.statusCode()).isEqualTo(200);
                assertThat(ws.awaitType("unsubscribed").path("channel").asString()).isEqualTo("user:82:achievements");
                // A has no peers: it answers for its own connections only.
                HttpResponse<String> onA = a.post("/api/ws/subscribe",
                        "{\"connection_id\":\"c-zz-1\",\"channels\":[\"activity:feed\"]}", null);
                assertThat(json.readTree(onA.body()).path("message").asString()).contains("this node");
            }
        }
    }

    private static double forwarded(TestNode node, String outcome) {
        var counter = node.context.getBean(io.micrometer.core.instrument.MeterRegistry.class)
                .find("liveboard.fanout.rest.forwarded").tag("outcome", outcome).counter();
        return counter == null ? 0 : counter.count();
    }

    @Test
    void aPeerThatIsNotHostAndPortStopsTheNodeFromStarting() {
        TopicCatalog catalog = EmbeddedKafka.shared().createTopics("fanout-bad-peers");
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> TestNode.start(catalog, Map.of("liveboard.fanout.peers", "fanout-0")).close())
                .hasStackTraceContaining("liveboard.fanout.peers: 'fanout-0' is not host:port");
    }
}
