package io.liveboard.fanout;

import java.net.http.HttpResponse;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.liveboard.fanout.auth.BadTokens;
import io.liveboard.fanout.protocol.CloseCodes;
import io.liveboard.testing.ws.WsTestClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Tokens, channel access rules (DESIGN.md §5), origins and the REST endpoints. */
class AuthIT {

    @RegisterExtension
    static final NodeUnderTest fanout = new NodeUnderTest("fanout-auth",
            Map.of("liveboard.fanout.heartbeat", "500ms", "liveboard.fanout.allowed-origins", "http://allowed.test"));

    static final JsonMapper JSON = JsonMapper.builder().build();

    static int refusedStatus(String uri, Map<String, String> headers) {
        WsTestClient.HandshakeFailed failed = catchThrowableOfType(WsTestClient.HandshakeFailed.class,
                () -> WsTestClient.connect(uri, headers).close());
        assertThat(failed).as("upgrade should be refused").isNotNull();
        assertThat(failed.getCause()).isInstanceOf(WebSocketHandshakeException.class);
        return ((WebSocketHandshakeException) failed.getCause()).getResponse().statusCode();
    }

    @Test
    void refusesBadTokensWith401() {
        String valid = fanout.node.token(42);
        List<String> bad = List.of(BadTokens.forged(42), BadTokens.expired(TestNode.SECRET, 42),
                BadTokens.hs512(TestNode.SECRET, 42), BadTokens.rs256(42), BadTokens.none(42),
                BadTokens.tampered(valid, 43), "not-a-token");
        for (String token : bad) {
            assertThat(refusedStatus(fanout.node.ws(token), Map.of())).as(token).isEqualTo(401);
            assertThat(refusedStatus(fanout.node.ws(), Map.of("Authorization", "Bearer " + token))).as(token).isEqualTo(401);
        }
        // The node is fine afterwards, and the good token works both ways.
        try (WsTestClient ws = WsTestClient.connect(fanout.node.ws(), Map.of("Authorization", "Bearer " + valid))) {
            assertThat(ws.awaitType("welcome").path("data").path("user_id").asLong()).isEqualTo(42);
        }
    }

    @Test
    void anonymousClientsGetPublicChannelsOnly() {
        try (WsTestClient ws = fanout.node.connect()) {
            for (String open : List.of("leaderboard:overall", "activity:feed", "activity:achievements",
                    "activity:high-scores")) {
                ws.subscribe(open);
                ws.awaitSubscribed(open);
            }
            for (String closed : List.of("user:42:progress", "user:42:achievements", "user:42:rank-changes",
                    "session:s1:live", "session:s1:competitors")) {
                ws.subscribe(closed);
                JsonNode error = ws.await(m -> "error".equals(m.path("type").asString())
                        && closed.equals(m.path("channel").asString()));
                assertThat(error.path("data").path("code").asString()).isEqualTo("forbidden");
            }
        }
    }

    @Test
    void usersGetTheirOwnChannelsAndSessionChannels() {
        try (WsTestClient ws = fanout.node.connect(42)) {
            for (String mine : List.of("user:42:progress", "user:42:achievements", "user:42:rank-changes",
                    "session:any-1:live", "session:any-1:competitors", "leaderboard:typing_wpm")) {
                ws.subscribe(mine);
                ws.awaitSubscribed(mine);
            }
            for (String theirs : List.of("user:43:progress", "user:43:achievements", "user:43:rank-changes")) {
                ws.subscribe(theirs);
                JsonNode error = ws.await(m -> "error".equals(m.path("type").asString())
                        && theirs.equals(m.path("channel").asString()));
                assertThat(error.path("data").path("code").asString()).isEqualTo("forbidden");
            }
        }
    }

    @Test
    void deliversEveryChannelKind() {
        try (WsTestClient ws = fanout.node.connect(42)) {
            List<String> channels = List.of("user:42:progress", "user:42:achievements", "user:42:rank-changes",
                    "session:s-42:live", "session:s-42:competitors", "activity:high-scores", "leaderboard:overall");
            for (String c : channels) {
                ws.subscribe(c);
                ws.awaitSubscribed(c);
            }
            fanout.outputs.progress(42, "s-42", 88.5);
            fanout.outputs.achievement(42, "Week Warrior");
            fanout.outputs.rankChanged(42, 3);
            fanout.outputs.competitors("m-1", "s-42", 70.0);
            fanout.outputs.activity("high-scores", "ada set a record");
            fanout.outputs.leaderboardUpdate("overall", 1, 42, 1);
            assertThat(ws.awaitEvents("user:42:progress", 1).get(0).path("type").asString())
                    .isEqualTo("progress.update");
            assertThat(ws.awaitEvents("session:s-42:live", 1).get(0).path("data").path("current_wpm").asDouble())
                    .isEqualTo(88.5);
            assertThat(ws.awaitEvents("user:42:achievements", 1).get(0).path("data").path("title").asString())
                    .isEqualTo("Week Warrior");
            assertThat(ws.awaitEvents("user:42:rank-changes", 1).get(0).path("type").asString())
                    .isEqualTo("rank.changed");
            assertThat(ws.awaitEvents("session:s-42:competitors", 1).get(0).path("type").asString())
                    .isEqualTo("competitors.update");
            assertThat(ws.awaitEvents("activity:high-scores", 1).get(0).path("type").asString())
                    .isEqualTo("session.completed");
            assertThat(ws.awaitEvents("leaderboard:overall", 1).get(0).path("type").asString())
                    .isEqualTo("leaderboard.update");
        }
    }

    @Test
    void otherUsersDoNotSeeMyChannels() {
        try (WsTestClient mine = fanout.node.connect(50); WsTestClient other = fanout.node.connect(51)) {
            mine.subscribe("user:50:achievements");
            mine.awaitSubscribed("user:50:achievements");
            other.subscribe("user:51:achievements");
            other.awaitSubscribed("user:51:achievements");
            fanout.outputs.achievement(50, "Mine");
            fanout.outputs.achievement(51, "Theirs");
            assertThat(mine.awaitEvents("user:50:achievements", 1)).hasSize(1);
            assertThat(other.awaitEvents("user:51:achievements", 1)).hasSize(1);
            assertThat(mine.messages()).noneMatch(m -> m.path("channel").asString().startsWith("user:51"));
        }
    }

    @Test
    void restSubscribeAndUnsubscribeActOnTheSocket() throws Exception {
        String token = fanout.node.token(42);
        try (WsTestClient ws = fanout.node.connect(42)) {
            String id = ws.awaitType("welcome").path("data").path("connection_id").asString();
            HttpResponse<String> r = fanout.node.post("/api/ws/subscribe", "{\"connection_id\":\"" + id
                    + "\",\"channels\":[\"user:42:achievements\",\"user:43:progress\",\"bogus\"]}", token);
            assertThat(r.statusCode()).isEqualTo(200);
            JsonNode results = JSON.readTree(r.body()).path("results");
            assertThat(results.get(0).path("ok").asBoolean()).isTrue();
            assertThat(results.get(1).path("code").asString()).isEqualTo("forbidden");
            assertThat(results.get(2).path("code").asString()).isEqualTo("invalid_channel");
            ws.awaitSubscribed("user:42:achievements");
            fanout.outputs.achievement(42, "Via REST");
            assertThat(ws.awaitEvents("user:42:achievements", 1).get(0).path("data").path("title").asString())
                    .isEqualTo("Via REST");

            String body = "{\"connection_id\":\"" + id + "\",\"channels\":[\"user:42:achievements\"]}";
            assertThat(fanout.node.post("/api/ws/subscribe", body, fanout.node.token(43)).statusCode()).isEqualTo(404);
            assertThat(fanout.node.post("/api/ws/subscribe", body, null).statusCode()).isEqualTo(404);
            assertThat(fanout.node.post("/api/ws/subscribe", body, BadTokens.forged(42)).statusCode()).isEqualTo(401);
            assertThat(fanout.node.post("/api/ws/subscribe", "{\"channels\":[]}", token).statusCode()).isEqualTo(400);
            assertThat(fanout.node.post("/api/ws/subscribe", "nope", token).statusCode()).isEqualTo(400);
            assertThat(fanout.node.post("/api/ws/subscribe", "{\"connection_id\":\"c-zz-1\",\"channels\":[\"x\"]}",
                    token).statusCode()).isEqualTo(404);

            HttpResponse<String> u = fanout.node.post("/api/ws/unsubscribe", body, token);
            assertThat(u.statusCode()).isEqualTo(200);
            assertThat(JSON.readTree(u.body()).path("results").get(0).path("ok").asBoolean()).isTrue();
            assertThat(ws.awaitType("unsubscribed").path("channel").asString()).isEqualTo("user:42:achievements");
        }
    }

    @Test
    void refusesOriginsNotAllowed() {
        try (WsTestClient evil = WsTestClient.connect(fanout.node.ws(), Map.of("Origin", "http://evil.test"))) {
            assertThat(evil.awaitClose()).isEqualTo(CloseCodes.POLICY_VIOLATION);
        }
        try (WsTestClient ok = WsTestClient.connect(fanout.node.ws(), Map.of("Origin", "http://allowed.test"))) {
            ok.awaitType("welcome");
        }
        String self = "http://127.0.0.1:" + fanout.node.port;
        try (WsTestClient same = WsTestClient.connect(fanout.node.ws(), Map.of("Origin", self))) {
            same.awaitType("welcome");
        }
    }

    @Test
    void closesWith4001WhenTheTokenExpires() {
        String shortLived = fanout.node.tokens().issue(42, "ada", Duration.ofSeconds(3));
        try (WsTestClient ws = WsTestClient.connect(fanout.node.ws(shortLived))) {
            ws.awaitType("welcome");
            assertThat(ws.awaitClose(Duration.ofSeconds(10))).isEqualTo(CloseCodes.UNAUTHORIZED);
        }
    }

    @Test
    void sendsHeartbeatPings() {
        try (WsTestClient ws = fanout.node.connect()) {
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> ws.pingsReceived() >= 2);
            // It answered (the JDK client pongs automatically), so it is still open.
            assertThat(ws.isClosed()).isFalse();
        }
    }

    @Test
    void devTokenEndpointIsOffOutsideTheDevProfile() {
        assertThat(fanout.node.get("/api/dev/token?user_id=42").statusCode()).isEqualTo(404);
    }

    @Test
    void plainGetOfTheSocketPathIsAnError() {
        assertThat(fanout.node.get("/api/ws").statusCode()).isEqualTo(426);
    }
}
