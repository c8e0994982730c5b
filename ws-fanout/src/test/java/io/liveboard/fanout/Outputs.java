package io.liveboard.fanout;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.liveboard.catalog.EventType;
import io.liveboard.catalog.LiveboardHeaders;
import io.liveboard.catalog.Topic;
import io.liveboard.catalog.TopicCatalog;
import io.liveboard.events.AchievementUnlocked;
import io.liveboard.events.ActivityItem;
import io.liveboard.events.Competitor;
import io.liveboard.events.CompetitorsUpdate;
import io.liveboard.events.LeaderboardEntry;
import io.liveboard.events.LeaderboardSnapshot;
import io.liveboard.events.LeaderboardUpdate;
import io.liveboard.events.ProgressUpdate;
import io.liveboard.events.RankChanged;
import io.liveboard.schema.AvroCodec;
import io.liveboard.testing.EmbeddedKafka;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * Writes output records the way the stream processors do (Avro value, {@code lb-channels} and {@code lb-type}
 * headers, channel key), for tests. Returns what Kafka made of them.
 */
final class Outputs implements AutoCloseable {

    private static final AtomicLong IDS = new AtomicLong();

    private final TopicCatalog catalog;
    private final KafkaProducer<String, byte[]> producer = EmbeddedKafka.shared().producer();

    Outputs(TopicCatalog catalog) {
        this.catalog = catalog;
    }

    RecordMetadata send(Topic topic, String key, SpecificRecord value, String... channels) {
        return send(topic, key, Instant.now(), value, channels);
    }

    RecordMetadata send(Topic topic, String key, Instant timestamp, SpecificRecord value, String... channels) {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(catalog.name(topic), null,
                timestamp.toEpochMilli(), key, AvroCodec.shared().encode(value));
        record.headers().add(LiveboardHeaders.CHANNELS, String.join(",", channels).getBytes(StandardCharsets.UTF_8));
        record.headers().add(LiveboardHeaders.TYPE, EventType.typeOf(value).getBytes(StandardCharsets.UTF_8));
        try {
            return producer.send(record).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Sends without waiting for each; waits for all at the end. */
    List<RecordMetadata> sendAll(List<ProducerRecord<String, byte[]>> records) {
        List<Future<RecordMetadata>> futures = new ArrayList<>();
        records.forEach(r -> futures.add(producer.send(r)));
        List<RecordMetadata> out = new ArrayList<>();
        for (Future<RecordMetadata> f : futures) {
            try {
                out.add(f.get(30, TimeUnit.SECONDS));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
        return out;
    }

    ProducerRecord<String, byte[]> record(Topic topic, String key, SpecificRecord value, String... channels) {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(catalog.name(topic), key,
                AvroCodec.shared().encode(value));
        record.headers().add(LiveboardHeaders.CHANNELS, String.join(",", channels).getBytes(StandardCharsets.UTF_8));
        return record;
    }

    RecordMetadata leaderboardUpdate(String category, long seq, long userId, int rank) {
        return send(Topic.LEADERBOARD_UPDATES, category, update(category, seq, userId, rank),
                "leaderboard:" + category);
    }

    static LeaderboardUpdate update(String category, long seq, long userId, int rank) {
        return LeaderboardUpdate.newBuilder().setEventId("e" + IDS.incrementAndGet()).setCategory(category)
                .setSeq(seq).setRank(rank).setUserId(userId).setUsername("user" + userId)
                .setMetricValue(100.0 - rank).setPreviousRank(null).setRankChange(0).setTimestamp(Instant.now())
                .build();
    }

    RecordMetadata snapshot(String category, long seq, long... userIds) {
        return send(Topic.LEADERBOARD_SNAPSHOTS, category, snapshotRecord(category, seq, userIds),
                "leaderboard:" + category);
    }

    static LeaderboardSnapshot snapshotRecord(String category, long seq, long... userIds) {
        List<LeaderboardEntry> entries = new ArrayList<>();
        for (int i = 0; i < userIds.length; i++) {
            entries.add(new LeaderboardEntry(i + 1, userIds[i], "user" + userIds[i], 100.0 - i));
        }
        return LeaderboardSnapshot.newBuilder().setEventId("s" + IDS.incrementAndGet())
                .setCategory(category).setSeq(seq).setTotalRanked(userIds.length).setEntries(entries)
                .setTimestamp(Instant.now()).build();
    }

    RecordMetadata activity(String feed, String message) {
        ActivityItem item = ActivityItem.newBuilder().setEventId("a" + IDS.incrementAndGet())
                .setKind("session.completed").setUserId(7).setUsername("user7").setMessage(message)
                .setTimestamp(Instant.now()).build();
        return send(Topic.ACTIVITY, feed, item, "activity:" + feed);
    }

    RecordMetadata progress(long userId, String sessionId, double wpm) {
        ProgressUpdate p = ProgressUpdate.newBuilder().setEventId("p" + IDS.incrementAndGet()).setUserId(userId)
                .setUsername("user" + userId).setSessionId(sessionId).setApp("typing").setCurrentWpm(wpm)
                .setCurrentAccuracy(97.0).setSessionDuration(10).setElapsedMs(10_000)
                .setTrend(io.liveboard.events.ProgressTrend.newBuilder().setWpmChange(0.0).setWpmAverage(wpm).build())
                .setTimestamp(Instant.now())
                .build();
        return send(Topic.USER_UPDATES, Long.toString(userId), p, "user:" + userId + ":progress",
                "session:" + sessionId + ":live");
    }

    RecordMetadata achievement(long userId, String title) {
        return send(Topic.USER_UPDATES, Long.toString(userId), achievementRecord(userId, title),
                "user:" + userId + ":achievements");
    }

    static AchievementUnlocked achievementRecord(long userId, String title) {
        return AchievementUnlocked.newBuilder().setEventId("a" + IDS.incrementAndGet())
                .setUserId(userId).setUsername("user" + userId).setAchievement(title.toLowerCase())
                .setTitle(title).setDescription("d").setIcon("*").setPoints(10).setTimestamp(Instant.now()).build();
    }

    RecordMetadata rankChanged(long userId, int rank) {
        RankChanged r = RankChanged.newBuilder().setEventId("r" + IDS.incrementAndGet()).setCategory("overall")
                .setRank(rank).setUserId(userId).setUsername("user" + userId).setMetricValue(10.0)
                .setPreviousRank(null).setRankChange(0).setTimestamp(Instant.now()).build();
        return send(Topic.USER_UPDATES, Long.toString(userId), r, "user:" + userId + ":rank-changes");
    }

    RecordMetadata competitors(String matchId, String sessionId, double value) {
        CompetitorsUpdate c = CompetitorsUpdate.newBuilder().setEventId("c" + IDS.incrementAndGet())
                .setMatchId(matchId).setApp("typing").setMetric("wpm")
                .setStandings(List.of(Competitor.newBuilder().setPosition(1).setUserId(1).setUsername("user1")
                        .setSessionId(sessionId).setMetricValue(value).setFinished(false).build()))
                .setTimestamp(Instant.now()).build();
        return send(Topic.MATCH_UPDATES, matchId, c, "session:" + sessionId + ":competitors");
    }

    @Override
    public void close() {
        producer.close();
    }
}
