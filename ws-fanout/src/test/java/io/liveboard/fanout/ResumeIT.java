package io.liveboard.fanout;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.liveboard.catalog.Topic;
import io.liveboard.fanout.protocol.Position;
import io.liveboard.testing.ws.WsTestClient;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/** Snapshots, and resuming from memory by position and by time. */
class ResumeIT {

    @RegisterExtension
    static final NodeUnderTest fanout = new NodeUnderTest("fanout-resume");

    static String pos(RecordMetadata meta) {
        return Position.of(meta.partition(), meta.offset()).encode();
    }

    static List<Long> seqs(List<JsonNode> events) {
        return events.stream().map(e -> e.path("data").path("seq").asLong()).toList();
    }

    @Test
    void aLaggingSnapshotIsFollowedByTheUpdatesAfterIt() {
        RecordMetadata last = null;
        for (int seq = 1; seq <= 5; seq++) {
            last = fanout.outputs.leaderboardUpdate("typing_wpm", seq, 100 + seq, 1);
        }
        fanout.outputs.snapshot("typing_wpm", 3, 103, 102, 101);
        fanout.node.awaitConsumed(Topic.LEADERBOARD_UPDATES, last);
        fanout.node.awaitSnapshot("typing_wpm", 3);
        try (WsTestClient ws = fanout.node.connect()) {
            ws.subscribe("leaderboard:typing_wpm");
            JsonNode subscribed = ws.awaitSubscribed("leaderboard:typing_wpm");
            JsonNode snapshot = subscribed.path("data").path("snapshot");
            assertThat(snapshot.path("seq").asLong()).isEqualTo(3);
            assertThat(snapshot.path("entries").size()).isEqualTo(3);
            assertThat(snapshot.path("entries").get(0).path("user_id").asLong()).isEqualTo(103);
            assertThat(subscribed.path("data").path("recovered").isNull()).isTrue();
            assertThat(seqs(ws.awaitEvents("leaderboard:typing_wpm", 2))).containsExactly(4L, 5L);
            fanout.outputs.leaderboardUpdate("typing_wpm", 6, 200, 1);
            assertThat(seqs(ws.awaitEvents("leaderboard:typing_wpm", 3))).containsExactly(4L, 5L, 6L);
            List<JsonNode> messages = ws.messages();
            assertThat(messages.indexOf(subscribed)).isLessThan(messages.indexOf(
                    ws.events("leaderboard:typing_wpm").get(0)));
        }
    }

    @Test
    void updatesAlreadyInASnapshotAreNotSentAgain() {
        fanout.outputs.snapshot("math_accuracy", 8, 1, 2);
        fanout.node.awaitSnapshot("math_accuracy", 8);
        try (WsTestClient ws = fanout.node.connect()) {
            ws.subscribe("leaderboard:math_accuracy");
            assertThat(ws.awaitSubscribed("leaderboard:math_accuracy").path("data").path("snapshot").path("seq")
                    .asLong()).isEqualTo(8);
            // The updates topic lags the snapshot: 7 and 8 are in it already, 9 is new.
            fanout.outputs.leaderboardUpdate("math_accuracy", 7, 1, 1);
            fanout.outputs.leaderboardUpdate("math_accuracy", 8, 2, 1);
            fanout.outputs.leaderboardUpdate("math_accuracy", 9, 3, 1);
            fanout.outputs.leaderboardUpdate("math_accuracy", 9, 1, 2);
            assertThat(seqs(ws.awaitEvents("leaderboard:math_accuracy", 2))).containsExactly(9L, 9L);
        }
    }

    @Test
    void activitySnapshotHoldsTheLatest50OldestFirst() {
        RecordMetadata last = null;
        for (int i = 1; i <= 60; i++) {
            last = fanout.outputs.activity("feed", "item " + i);
        }
        fanout.node.awaitConsumed(Topic.ACTIVITY, last);
        try (WsTestClient ws = fanout.node.connect()) {
            ws.subscribe("activity:feed");
            JsonNode items = ws.awaitSubscribed("activity:feed").path("data").path("snapshot").path("items");
            assertThat(items.size()).isEqualTo(50);
            assertThat(items.get(0).path("data").path("message").asString()).isEqualTo("item 11");
            assertThat(items.get(49).path("data").path("message").asString()).isEqualTo("item 60");
            assertThat(items.get(49).path("pos").asString()).isEqualTo(pos(last));
            assertThat(items.get(49).path("channel").asString()).isEqualTo("activity:feed");
            fanout.outputs.activity("feed", "item 61");
            assertThat(ws.awaitEvents("activity:feed", 1).get(0).path("data").path("message").asString())
                    .isEqualTo("item 61");
        }
    }

    @Test
    void resumesFromMemoryByPositionInOrderWithoutDuplicates() {
        double before = fanout.node.counter("liveboard.fanout.resumes", "source", "memory");
        String lastPos;
        try (WsTestClient first = fanout.node.connect(60)) {
            first.subscribe("user:60:achievements");
            first.awaitSubscribed("user:60:achievements");
            fanout.outputs.achievement(60, "A1");
            fanout.outputs.achievement(60, "A2");
            List<JsonNode> seen = first.awaitEvents("user:60:achievements", 2);
            lastPos = seen.get(1).path("pos").asString();
        }
        fanout.outputs.achievement(60, "A3");
        RecordMetadata a4 = fanout.outputs.achievement(60, "A4");
        fanout.node.awaitConsumed(Topic.USER_UPDATES, a4);
        try (WsTestClient again = fanout.node.connect(60)) {
            again.subscribe("user:60:achievements", lastPos);
            JsonNode subscribed = again.awaitSubscribed("user:60:achievements");
            assertThat(subscribed.path("data").path("recovered").asBoolean()).isTrue();
            assertThat(subscribed.path("data").path("pos").asString()).isEqualTo(lastPos);
            fanout.outputs.achievement(60, "A5");
            List<JsonNode> events = again.awaitEvents("user:60:achievements", 3);
            assertThat(events.stream().map(e -> e.path("data").path("title").asString()).toList())
                    .containsExactly("A3", "A4", "A5");
        }
        assertThat(fanout.node.counter("liveboard.fanout.resumes", "source", "memory")).isGreaterThan(before);
    }

    @Test
    void resumesByTime() {
        Instant base = Instant.now().minusSeconds(600);
        RecordMetadata last = null;
        for (int i = 0; i < 5; i++) {
            last = fanout.outputs.send(Topic.ACTIVITY, "achievements", base.plusSeconds(i),
                    io.liveboard.events.ActivityItem.newBuilder().setEventId("t" + i).setKind("achievement.unlocked")
                            .setUserId(1).setUsername("u").setMessage("at " + i).setTimestamp(base.plusSeconds(i))
                            .build(), "activity:achievements");
        }
        fanout.node.awaitConsumed(Topic.ACTIVITY, last);
        try (WsTestClient ws = fanout.node.connect()) {
            ws.subscribe("activity:achievements", base.plusSeconds(2).toString());
            JsonNode subscribed = ws.awaitSubscribed("activity:achievements");
            assertThat(subscribed.path("data").path("recovered").asBoolean()).isTrue();
            assertThat(subscribed.path("data").path("snapshot").isNull()).isTrue();
            List<JsonNode> events = ws.awaitEvents("activity:achievements", 3);
            assertThat(events.stream().map(e -> e.path("data").path("message").asString()).toList())
                    .containsExactly("at 2", "at 3", "at 4");
        }
    }

    @Test
    void sessionChannelsResumeWithoutKnowingTheirPartition() {
        String lastPos;
        try (WsTestClient ws = fanout.node.connect(90)) {
            ws.subscribe("session:sx-1:live");
            // No record yet: the position covers every partition of the topic.
            lastPos = ws.awaitSubscribed("session:sx-1:live").path("data").path("pos").asString();
            assertThat(lastPos).startsWith("~");
        }
        Instant start = Instant.now().minusSeconds(1);
        fanout.outputs.progress(91, "sx-1", 10);
        RecordMetadata second = fanout.outputs.progress(91, "sx-1", 20);
        fanout.node.awaitConsumed(Topic.USER_UPDATES, second);
        try (WsTestClient ws = fanout.node.connect(90)) {
            ws.subscribe("session:sx-1:live", lastPos);
            assertThat(ws.awaitSubscribed("session:sx-1:live").path("data").path("recovered").asBoolean()).isTrue();
            List<JsonNode> events = ws.awaitEvents("session:sx-1:live", 2);
            assertThat(events.stream().map(e -> e.path("data").path("current_wpm").asDouble()).toList())
                    .containsExactly(10.0, 20.0);
            fanout.outputs.progress(91, "sx-1", 30);
            assertThat(ws.awaitEvents("session:sx-1:live", 3).get(2).path("data").path("current_wpm").asDouble())
                    .isEqualTo(30.0);
            assertThat(ws.events("session:sx-1:live")).hasSize(3);
        }
        try (WsTestClient ws = fanout.node.connect(90)) {
            ws.subscribe("session:sx-1:live", start.toString());
            assertThat(ws.awaitEvents("session:sx-1:live", 3)).hasSize(3);
        }
    }

    @Test
    void badSinceIsAnErrorAndLeavesNoSubscription() {
        try (WsTestClient ws = fanout.node.connect()) {
            ws.subscribe("leaderboard:overall", "last tuesday");
            assertThat(ws.awaitError("bad_since").path("channel").asString()).isEqualTo("leaderboard:overall");
            ws.subscribe("leaderboard:overall", "77-0");
            assertThat(ws.awaitError("bad_since")).isNotNull();
            ws.unsubscribe("leaderboard:overall");
            ws.awaitError("not_subscribed");
        }
    }

    @Test
    void aResubscribeWithoutSinceStartsOverWithAFreshSnapshot() {
        fanout.outputs.snapshot("piano_score", 4, 9);
        fanout.node.awaitSnapshot("piano_score", 4);
        try (WsTestClient ws = fanout.node.connect()) {
            ws.subscribe("leaderboard:piano_score");
            ws.awaitSubscribed("leaderboard:piano_score");
            ws.subscribe("leaderboard:piano_score");
            ws.await(m -> m.path("type").asString().equals("subscribed")
                    && ws.messages().stream().filter(x -> x.path("type").asString().equals("subscribed")).count() == 2);
            fanout.outputs.leaderboardUpdate("piano_score", 5, 9, 1);
            List<JsonNode> events = ws.awaitEvents("leaderboard:piano_score", 1);
            assertThat(events).hasSize(1);
        }
    }
}
