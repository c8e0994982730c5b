package io.liveboard.fanout;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.liveboard.catalog.Topic;
import io.liveboard.fanout.protocol.Position;
import io.liveboard.testing.EmbeddedKafka;
import io.liveboard.testing.ws.WsTestClient;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/** Resume from history that only Kafka still has, and what happens when Kafka no longer has it either. */
class KafkaHistoryIT {

    // A tiny memory, so that almost every resume needs Kafka; small chunks, so a replay takes several.
    @RegisterExtension
    static final NodeUnderTest fanout = new NodeUnderTest("fanout-kafka-history",
            Map.of("liveboard.fanout.history.records-per-partition", 5, "liveboard.fanout.history.kafka-chunk", 7));

    static List<String> titles(List<JsonNode> events) {
        return events.stream().map(e -> e.path("data").path("title").asString()).toList();
    }

    @Test
    void resumesFromKafkaInOrderWithoutDuplicates() {
        double before = fanout.node.counter("liveboard.fanout.resumes", "source", "kafka");
        RecordMetadata third = null;
        RecordMetadata last = null;
        for (int i = 1; i <= 30; i++) {
            last = fanout.outputs.achievement(70, "K" + i);
            if (i == 3) {
                third = last;
            }
        }
        fanout.node.awaitConsumed(Topic.USER_UPDATES, last);
        try (WsTestClient ws = fanout.node.connect(70)) {
            ws.subscribe("user:70:achievements", Position.of(third.partition(), third.offset()).encode());
            assertThat(ws.awaitSubscribed("user:70:achievements").path("data").path("recovered").asBoolean())
                    .isTrue();
            List<JsonNode> events = ws.awaitEvents("user:70:achievements", 27);
            fanout.outputs.achievement(70, "K31");
            events = ws.awaitEvents("user:70:achievements", 28);
            List<String> expected = new java.util.ArrayList<>();
            for (int i = 4; i <= 31; i++) {
                expected.add("K" + i);
            }
            assertThat(titles(events)).containsExactlyElementsOf(expected);
        }
        assertThat(fanout.node.counter("liveboard.fanout.resumes", "source", "kafka")).isGreaterThan(before);
    }

    @Test
    void resumesByTimeFromKafka() {
        java.time.Instant base = java.time.Instant.now().minusSeconds(3600);
        RecordMetadata last = null;
        for (int i = 0; i < 12; i++) {
            last = fanout.outputs.send(Topic.USER_UPDATES, "71", base.plusSeconds(i * 10L),
                    io.liveboard.events.RankChanged.newBuilder().setEventId("rk" + i).setCategory("overall")
                            .setRank(i + 1).setUserId(71).setUsername("u").setMetricValue(i).setPreviousRank(null)
                            .setRankChange(0).setTimestamp(base.plusSeconds(i * 10L)).build(),
                    "user:71:rank-changes");
        }
        fanout.node.awaitConsumed(Topic.USER_UPDATES, last);
        try (WsTestClient ws = fanout.node.connect(71)) {
            ws.subscribe("user:71:rank-changes", base.plusSeconds(15).toString());
            assertThat(ws.awaitSubscribed("user:71:rank-changes").path("data").path("recovered").asBoolean())
                    .isTrue();
            List<JsonNode> events = ws.awaitEvents("user:71:rank-changes", 10);
            assertThat(events.stream().map(e -> e.path("data").path("rank").asInt()).toList())
                    .containsExactly(3, 4, 5, 6, 7, 8, 9, 10, 11, 12);
        }
    }

    @Test
    void saysRecoveredFalseAndSendsAFreshSnapshotWhenKafkaNoLongerHasIt() throws Exception {
        RecordMetadata second = null;
        RecordMetadata sixth = null;
        RecordMetadata last = null;
        for (int seq = 1; seq <= 10; seq++) {
            last = fanout.outputs.leaderboardUpdate("reading_comprehension", seq, seq, 1);
            if (seq == 2) {
                second = last;
            }
            if (seq == 6) {
                sixth = last;
            }
        }
        fanout.outputs.snapshot("reading_comprehension", 10, 10, 9, 8);
        fanout.node.awaitConsumed(Topic.LEADERBOARD_UPDATES, last);
        fanout.node.awaitSnapshot("reading_comprehension", 10);
        try (Admin admin = EmbeddedKafka.shared().admin()) {
            TopicPartition tp = new TopicPartition(fanout.catalog.name(Topic.LEADERBOARD_UPDATES), sixth.partition());
            admin.deleteRecords(Map.of(tp, RecordsToDelete.beforeOffset(sixth.offset()))).all()
                    .get(30, TimeUnit.SECONDS);
        }
        double lostBefore = fanout.node.counter("liveboard.fanout.resumes", "source", "lost");
        try (WsTestClient ws = fanout.node.connect()) {
            ws.subscribe("leaderboard:reading_comprehension", Position.of(second.partition(), second.offset()).encode());
            JsonNode subscribed = ws.awaitSubscribed("leaderboard:reading_comprehension");
            assertThat(subscribed.path("data").path("recovered").asBoolean(true)).isFalse();
            assertThat(subscribed.path("data").path("snapshot").path("seq").asLong()).isEqualTo(10);
            fanout.outputs.leaderboardUpdate("reading_comprehension", 11, 3, 1);
            List<JsonNode> events = ws.awaitEvents("leaderboard:reading_comprehension", 1);
            assertThat(events.get(0).path("data").path("seq").asLong()).isEqualTo(11);
        }
        assertThat(fanout.node.counter("liveboard.fanout.resumes", "source", "lost")).isGreaterThan(lostBefore);
        // A position Kafka still has is recovered, even though memory does not reach it.
        try (WsTestClient ws = fanout.node.connect()) {
            ws.subscribe("leaderboard:reading_comprehension", Position.of(sixth.partition(), sixth.offset()).encode());
            assertThat(ws.awaitSubscribed("leaderboard:reading_comprehension").path("data").path("recovered")
                    .asBoolean()).isTrue();
            assertThat(ws.awaitEvents("leaderboard:reading_comprehension", 5).stream()
                    .map(e -> e.path("data").path("seq").asLong()).toList()).containsExactly(7L, 8L, 9L, 10L, 11L);
        }
    }

    @Test
    void aSnapshotLaggingBeyondMemoryIsCompletedFromKafka() {
        RecordMetadata last = null;
        for (int seq = 1; seq <= 20; seq++) {
            last = fanout.outputs.leaderboardUpdate("piano_score", seq, seq, 1);
        }
        // The snapshot topic is far behind: memory (5 records) no longer reaches back to seq 4.
        fanout.outputs.snapshot("piano_score", 3, 3, 2, 1);
        fanout.node.awaitConsumed(Topic.LEADERBOARD_UPDATES, last);
        fanout.node.awaitSnapshot("piano_score", 3);
        try (WsTestClient ws = fanout.node.connect()) {
            ws.subscribe("leaderboard:piano_score");
            assertThat(ws.awaitSubscribed("leaderboard:piano_score").path("data").path("snapshot").path("seq")
                    .asLong()).isEqualTo(3);
            List<JsonNode> events = ws.awaitEvents("leaderboard:piano_score", 17);
            fanout.outputs.leaderboardUpdate("piano_score", 21, 4, 1);
            events = ws.awaitEvents("leaderboard:piano_score", 18);
            List<Long> expected = new java.util.ArrayList<>();
            for (long seq = 4; seq <= 21; seq++) {
                expected.add(seq);
            }
            assertThat(events.stream().map(e -> e.path("data").path("seq").asLong()).toList())
                    .containsExactlyElementsOf(expected);
        }
    }

    @Test
    void aLongReplayDoesNotStallLiveDelivery() {
        List<ProducerRecord<String, byte[]>> many = new java.util.ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            many.add(fanout.outputs.record(Topic.USER_UPDATES, "72", Outputs.achievementRecord(72, "H" + i),
                    "user:72:achievements"));
        }
        List<RecordMetadata> metas = fanout.outputs.sendAll(many);
        fanout.node.awaitConsumed(Topic.USER_UPDATES, metas.get(metas.size() - 1));
        try (WsTestClient replaying = fanout.node.connect(72); WsTestClient live = fanout.node.connect()) {
            live.subscribe("leaderboard:overall");
            live.awaitSubscribed("leaderboard:overall");
            RecordMetadata first = metas.get(0);
            replaying.subscribe("user:72:achievements", Position.of(first.partition(), first.offset() - 1).encode());
            replaying.awaitSubscribed("user:72:achievements");
            fanout.outputs.leaderboardUpdate("overall", 1, 5, 1);
            live.awaitEvents("leaderboard:overall", 1, Duration.ofSeconds(5));
            List<JsonNode> all = replaying.awaitEvents("user:72:achievements", 3000, Duration.ofSeconds(60));
            assertThat(all).hasSize(3000);
            assertThat(all.get(0).path("data").path("title").asString()).isEqualTo("H0");
            assertThat(all.get(2999).path("data").path("title").asString()).isEqualTo("H2999");
        }
    }
}
