package io.liveboard.fanout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.liveboard.catalog.Topic;
import io.liveboard.events.ActivityItem;
import io.liveboard.fanout.channel.Hub;
import io.liveboard.fanout.protocol.CloseCodes;
import io.liveboard.fanout.ws.EventLoops;
import io.liveboard.fanout.ws.EventLoops.Transport;
import io.liveboard.testing.ws.WsTestClient;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A client that stops reading is cut loose (4000) once its outbound buffer stays full, and never slows the others,
 * on each transport: io_uring completes writes only after the loop's batch of deliveries, so a reading client has a
 * burst in flight there that a rule counting queued bytes alone took for a slow client. A node per transport with
 * the default heartbeat, so the stuck client is not closed as a dead peer first.
 */
class SlowClientIT {

    @RegisterExtension
    static final TopicsUnderTest topics = new TopicsUnderTest("fanout-slow");

    @ParameterizedTest
    @EnumSource(value = Transport.class, names = {"IO_URING", "EPOLL"})
    void aClientThatStopsReadingIsCutLooseWhileOthersKeepReceiving(Transport transport) {
        assumeTrue(EventLoops.isAvailable(transport), transport + " is not available here");
        try (TestNode node = TestNode.start(topics.catalog, Map.of("liveboard.fanout.limits.outbound-buffer", "64KB",
                "liveboard.fanout.transport", transport.toString()))) {
            cutLooseWhileOthersKeepReceiving(node, transport.toString());
        }
    }

    /**
     * Under the hard cap (8 times the limit: 16 MB here, more than the 12 MB sent), only the grace can cut the stuck
     * client loose: its queue goes over the 2 MB limit and the message that found it so is never written.
     */
    @Test
    void aStuckClientUnderTheHardCapIsCutLooseWhenItsGraceRunsOut() {
        try (TestNode node = TestNode.start(topics.catalog, Map.of("liveboard.fanout.limits.outbound-buffer", "2MB",
                "liveboard.fanout.limits.outbound-grace", "300ms"))) {
            cutLooseWhileOthersKeepReceiving(node, "grace");
        }
    }

    /**
     * A client that reads everything is not cut loose because one run of its loop queued more than the hard cap:
     * its loop is held while a 2 MB burst (four times the 512 KB cap) is dispatched to it, so it then delivers the
     * whole burst in one run, and on io_uring nothing of it reaches the socket before that run ends.
     */
    @ParameterizedTest
    @EnumSource(value = Transport.class, names = {"IO_URING", "EPOLL"})
    void aBurstQueuedInOneRunOfTheLoopDoesNotCutAReadingClientLoose(Transport transport) throws Exception {
        assumeTrue(EventLoops.isAvailable(transport), transport + " is not available here");
        try (TestNode node = TestNode.start(topics.catalog, Map.of("liveboard.fanout.limits.outbound-buffer", "64KB",
                "liveboard.fanout.transport", transport.toString()));
             WsTestClient reader = node.connect()) {
            String connectionId = reader.awaitType("welcome").path("data").path("connection_id").asString();
            reader.subscribe("activity:high-scores");
            reader.awaitSubscribed("activity:high-scores");
            double slowBefore = node.counter("liveboard.fanout.slow.disconnects");
            int count = 100;
            List<ProducerRecord<String, byte[]>> records = bigHighScores("burst-" + transport, count);
            CountDownLatch held = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            CompletableFuture<Object> hold = node.context.getBean(Hub.class).onConnection(connectionId, c -> {
                held.countDown();
                try {
                    release.await(20, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return null;
            });
            try {
                assertThat(held.await(10, TimeUnit.SECONDS)).isTrue();
                List<RecordMetadata> sent = topics.outputs.sendAll(records);
                node.awaitConsumed(Topic.ACTIVITY, sent.get(count - 1));
                Thread.sleep(200); // the last record's dispatch follows its append to the history
            } finally {
                release.countDown();
            }
            hold.get(10, TimeUnit.SECONDS);
            List<JsonNode> got = reader.awaitEvents("activity:high-scores", count, Duration.ofSeconds(30));
            assertThat(got.get(count - 1).path("data").path("message").asString()).startsWith((count - 1) + " ");
            assertThat(reader.isClosed()).isFalse();
            assertThat(node.counter("liveboard.fanout.slow.disconnects")).isEqualTo(slowBefore);
        }
    }

    /** {@code count} high-score items of ~20 KB each, their messages starting with their index. */
    private static List<ProducerRecord<String, byte[]>> bigHighScores(String tag, int count) {
        String big = "x".repeat(20_000);
        List<ProducerRecord<String, byte[]>> records = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            records.add(topics.outputs.record(Topic.ACTIVITY, "high-scores", ActivityItem.newBuilder()
                    .setEventId(tag + "-big" + i).setKind("high.score").setUserId(1).setUsername("u")
                    .setMessage(i + " " + big).setTimestamp(java.time.Instant.now()).build(),
                    "activity:high-scores"));
        }
        return records;
    }

    private static void cutLooseWhileOthersKeepReceiving(TestNode node, String tag) {
        double slowBefore = node.counter("liveboard.fanout.slow.disconnects");
        try (WsTestClient fast = node.connect(); WsTestClient slow = node.connect()) {
            for (WsTestClient ws : List.of(fast, slow)) {
                ws.subscribe("activity:high-scores");
                ws.awaitSubscribed("activity:high-scores");
            }
            slow.pauseReading();
            // 12 MB first: more than both ends' loopback socket buffers plus the outbound limit. The rest is sent
            // once the stuck client has been cut loose, so none of it may reach that client. (What was queued before
            // the cut still reaches it, ahead of the close frame: with all of the first batch queued within the
            // grace, the client can get every message of it and then 4000.)
            int first = 600;
            int count = first + 50;
            List<ProducerRecord<String, byte[]>> records = bigHighScores(tag, count);
            assertThat(topics.outputs.sendAll(records.subList(0, first))).hasSize(first);
            await().atMost(Duration.ofSeconds(30)).until(() ->
                    node.counter("liveboard.fanout.slow.disconnects") > slowBefore);
            assertThat(topics.outputs.sendAll(records.subList(first, count))).hasSize(count - first);
            List<JsonNode> got = fast.awaitEvents("activity:high-scores", count, Duration.ofSeconds(60));
            assertThat(got.get(count - 1).path("data").path("message").asString()).startsWith((count - 1) + " ");
            slow.resumeReading();
            int code = slow.awaitClose(Duration.ofSeconds(30));
            assertThat(code).isIn(CloseCodes.SLOW_CONSUMER, 1006);
            assertThat(slow.events("activity:high-scores")).hasSizeLessThanOrEqualTo(first)
                    .noneMatch(e -> Integer.parseInt(e.path("data").path("message").asString().split(" ", 2)[0])
                            >= first);
        }
        try (WsTestClient after = node.connect()) {
            after.send("{\"type\":\"ping\"}");
            after.awaitType("pong");
        }
    }

}
