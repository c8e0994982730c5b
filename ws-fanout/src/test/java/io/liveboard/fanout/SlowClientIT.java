package io.liveboard.fanout;

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

/**
 * A client that stops reading is cut loose (4000) once its outbound buffer is full, and never slows the others.
 * Own node: the default heartbeat, so the stuck client is not closed as a dead peer first.
 */
class SlowClientIT {

    @RegisterExtension
    static final NodeUnderTest fanout = new NodeUnderTest("fanout-slow",
            Map.of("liveboard.fanout.limits.outbound-buffer", "64KB"));

    @Test
    void aClientThatStopsReadingIsCutLooseWhileOthersKeepReceiving() {
        double slowBefore = fanout.node.counter("liveboard.fanout.slow.disconnects");
        try (WsTestClient fast = fanout.node.connect(); WsTestClient slow = fanout.node.connect()) {
            for (WsTestClient ws : List.of(fast, slow)) {
                ws.subscribe("activity:high-scores");
                ws.awaitSubscribed("activity:high-scores");
            }
            slow.pauseReading();
            String big = "x".repeat(20_000);
            int count = 600; // 12 MB: more than both ends' loopback socket buffers plus the 64 KB outbound limit
            List<ProducerRecord<String, byte[]>> records = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                records.add(fanout.outputs.record(Topic.ACTIVITY, "high-scores", ActivityItem.newBuilder()
                        .setEventId("big" + i).setKind("high.score").setUserId(1).setUsername("u")
                        .setMessage(i + " " + big).setTimestamp(java.time.Instant.now()).build(),
                        "activity:high-scores"));
            }
            List<RecordMetadata> sent = fanout.outputs.sendAll(records);
            assertThat(sent).hasSize(count);
            List<JsonNode> got = fast.awaitEvents("activity:high-scores", count, Duration.ofSeconds(60));
            assertThat(got.get(count - 1).path("data").path("message").asString()).startsWith((count - 1) + " ");
            await().atMost(Duration.ofSeconds(30)).until(() ->
                    fanout.node.counter("liveboard.fanout.slow.disconnects") > slowBefore);
            slow.resumeReading();
            int code = slow.awaitClose(Duration.ofSeconds(30));
            assertThat(code).isIn(CloseCodes.SLOW_CONSUMER, 1006);
            assertThat(slow.events("activity:high-scores").size()).isLessThan(count);
        }
        try (WsTestClient after = fanout.node.connect()) {
            after.send("{\"type\":\"ping\"}");
            after.awaitType("pong");
        }
    }

}
