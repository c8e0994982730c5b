package io.liveboard.fanout;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.liveboard.catalog.Topic;
import io.liveboard.events.ActivityItem;
import io.liveboard.fanout.protocol.CloseCodes;
import io.liveboard.testing.ws.WsTestClient;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Every limit, bad input, slow and dead peers: each gets its error or close code and the node stays healthy. */
class LimitsIT {

    private static final String PING = "{\"type\":\"ping\"}";

    @RegisterExtension
    static final NodeUnderTest fanout = new NodeUnderTest("fanout-limits", Map.of(
            "liveboard.fanout.limits.max-frame-size", "1KB",
            "liveboard.fanout.limits.max-subscriptions", 3,
            "liveboard.fanout.limits.messages-per-second", 10,
            "liveboard.fanout.limits.flood-close-after", 20,
            "liveboard.fanout.limits.max-connections", 6,
            "liveboard.fanout.limits.outbound-buffer", "64KB",
            "liveboard.fanout.heartbeat", "1s"));

    static void assertHealthy() {
        try (WsTestClient ws = fanout.node.connect()) {
            ws.send("{\"type\":\"ping\"}");
            ws.awaitType("pong");
        }
        assertThat(fanout.node.get("/actuator/health").statusCode()).isEqualTo(200);
    }

    static void awaitNoConnections() {
        var registry = fanout.node.context.getBean(io.micrometer.core.instrument.MeterRegistry.class);
        await().atMost(Duration.ofSeconds(15)).until(() ->
                registry.get("liveboard.fanout.connections").gauge().value() == 0);
    }

    @Test
    void malformedFramesGetErrorsAndLeaveTheConnectionUp() {
        try (WsTestClient ws = fanout.node.connect()) {
            ws.send("this is not json");
            ws.awaitError("bad_json");
            ws.sendBinary(new byte[] {1, 2, 3});
            ws.awaitError("unsupported_frame");
            ws.send("{\"type\":\"publish\",\"channel\":\"leaderboard:overall\"}");
            ws.awaitError("unknown_type");
            ws.send("{\"type\":\"subscribe\",\"channel\":\"leaderboard:nope\"}");
            JsonNode invalid = ws.awaitError("invalid_channel");
            assertThat(invalid.path("data").path("message").asString()).contains("nope");
            ws.send("{\"type\":\"subscribe\"}");
            ws.awaitError("bad_message");
            ws.send("{\"type\":\"ping\"}");
            ws.awaitType("pong");
            assertThat(ws.isClosed()).isFalse();
        }
        assertHealthy();
    }

    @Test
    void aFrameOverTheLimitClosesWith1009() {
        try (WsTestClient ws = fanout.node.connect()) {
            ws.send("{\"type\":\"ping\",\"pad\":\"" + "x".repeat(2000) + "\"}");
            assertThat(ws.awaitClose()).isEqualTo(CloseCodes.TOO_BIG);
        }
        assertHealthy();
    }

    @Test
    void subscriptionsPerConnectionAreLimited() {
        try (WsTestClient ws = fanout.node.connect()) {
            for (String c : List.of("leaderboard:overall", "leaderboard:typing_wpm", "activity:feed")) {
                ws.subscribe(c);
                ws.awaitSubscribed(c);
            }
            ws.subscribe("activity:achievements");
            assertThat(ws.awaitError("too_many_subscriptions").path("channel").asString())
                    .isEqualTo("activity:achievements");
            ws.unsubscribe("activity:feed");
            ws.awaitType("unsubscribed");
            ws.subscribe("activity:achievements");
            ws.awaitSubscribed("activity:achievements");
        }
    }

    @Test
    void messagesOverTheRateAreRefusedAndFloodsClosed() throws Exception {
        try (WsTestClient ws = fanout.node.connect()) {
            for (int i = 0; i < 14; i++) {
                ws.send("{\"type\":\"ping\"}");
            }
            ws.awaitError("rate_limited");
            Thread.sleep(1100); // the next one-second window
            ws.send("{\"type\":\"ping\"}");
            await().atMost(Duration.ofSeconds(5)).until(() -> ws.messages().stream()
                    .filter(m -> m.path("type").asString().equals("pong")).count() >= 11);
            assertThat(ws.isClosed()).isFalse();
        }
        try (WsTestClient flood = fanout.node.connect()) {
            for (int i = 0; i < 300 && !flood.isClosed(); i++) {
                try {
                    flood.send("{\"type\":\"ping\"}");
                } catch (IllegalStateException closed) {
                    break;
                }
            }
            assertThat(flood.awaitClose()).isEqualTo(CloseCodes.RATE_LIMITED);
        }
        assertHealthy();
    }

    @Test
    void aPeerThatKeepsItsOwnHeartbeatIsNotPingedOnTopOfIt() throws Exception {
        try (RawSocket raw = RawSocket.upgrade(fanout.node.port, "")) {
            // Three and a half heartbeats with an application ping every 300 ms, as the dashboard client does.
            for (int i = 0; i < 12; i++) {
                raw.sendText(PING);
                Thread.sleep(300);
            }
            raw.sendClose();
            String opcodes = raw.readUntilEof();
            assertThat(opcodes).doesNotContain("9 ").endsWith("8 ");
            assertThat(opcodes.split(" ")).hasSize(1 + 12 + 1); // welcome, a pong each, close
        }
    }

    @Test
    void aPeerThatOnlyAnswersPingsIsPingedEveryHeartbeat() throws Exception {
        try (RawSocket raw = RawSocket.upgrade(fanout.node.port, "")) {
            assertThat(raw.readFrame()).isEqualTo(0x1); // welcome
            // Heartbeat 1 s: within 4.5 s a peer that only answers pings gets at least four, and stays open.
            int pings = 0;
            long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(4500);
            while (System.nanoTime() < deadline) {
                int opcode = raw.readFrame();
                assertThat(opcode).as("the connection stays open").isNotIn(-1, 0x8);
                if (opcode == 0x9) {
                    pings++;
                    raw.sendFrame(0xA, new byte[0]);
                }
            }
            assertThat(pings).isGreaterThanOrEqualTo(4);
        }
    }

    @Test
    void aClientThatKeepsWritingAfterItWasClosedStillReadsTheCloseCode() throws Exception {
        try (RawSocket raw = RawSocket.upgrade(fanout.node.port, "")) {
            // Nothing read meanwhile: the flood close frame waits behind the replies in our receive buffer while
            // we keep writing, which a server that hangs up at once answers with a reset that destroys it.
            for (int i = 0; i < 300; i++) {
                raw.sendText(PING);
            }
            Thread.sleep(300);
            for (int i = 0; i < 20; i++) {
                raw.sendText(PING);
            }
            raw.sendClose();
            assertThat(raw.readUntilEof()).endsWith("8 ");
            assertThat(raw.closeCode).isEqualTo(CloseCodes.RATE_LIMITED);
        }
    }

    @Test
    void connectionsPerNodeAreLimited() {
        awaitNoConnections();
        List<WsTestClient> clients = new ArrayList<>();
        try {
            for (int i = 0; i < 6; i++) {
                clients.add(fanout.node.connect());
            }
            try (WsTestClient extra = WsTestClient.connect(fanout.node.ws())) {
                assertThat(extra.awaitClose()).isEqualTo(CloseCodes.TRY_AGAIN_LATER);
            }
            clients.remove(0).close();
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                try (WsTestClient again = WsTestClient.connect(fanout.node.ws())) {
                    again.awaitType("welcome");
                }
            });
        } finally {
            clients.forEach(WsTestClient::close);
        }
        awaitNoConnections();
    }

    @Test
    void permessageDeflateIsDeclined() throws Exception {
        try (RawSocket raw = RawSocket.upgrade(fanout.node.port,
                "Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits\r\n")) {
            assertThat(raw.responseHead).startsWith("HTTP/1.1 101");
            assertThat(raw.responseHead.toLowerCase()).doesNotContain("sec-websocket-extensions");
        }
    }

    @Test
    void aPeerThatNeverAnswersPingsIsClosed() throws Exception {
        try (RawSocket raw = RawSocket.upgrade(fanout.node.port, "")) {
            assertThat(raw.responseHead).startsWith("HTTP/1.1 101");
            // Never reads, never pongs: after two heartbeats of silence the server hangs up.
            String opcodes = raw.readUntilEof();
            assertThat(opcodes).startsWith("1 ").contains("9 ");
        }
    }

    @Test
    void aClientCloseIsAnswered() throws Exception {
        try (RawSocket raw = RawSocket.upgrade(fanout.node.port, "")) {
            raw.sendClose();
            assertThat(raw.readUntilEof()).startsWith("1 ").endsWith("8 ");
        }
        try (RawSocket raw = RawSocket.upgrade(fanout.node.port, "")) {
            // Fragmented text: "{"type":" + "ping"}".
            byte[] first = "{\"type\":".getBytes(StandardCharsets.UTF_8);
            raw.socket.getOutputStream().write(frame(0x1, false, first));
            raw.socket.getOutputStream().write(frame(0x0, true, "\"ping\"}".getBytes(StandardCharsets.UTF_8)));
            raw.sendClose();
            String opcodes = raw.readUntilEof();
            assertThat(opcodes).isEqualTo("1 1 8 "); // welcome, pong, close
        }
    }

    static byte[] frame(int opcode, boolean fin, byte[] payload) {
        byte[] out = new byte[6 + payload.length];
        out[0] = (byte) ((fin ? 0x80 : 0) | opcode);
        out[1] = (byte) (0x80 | payload.length);
        // zero mask
        System.arraycopy(payload, 0, out, 6, payload.length);
        return out;
    }
}
