package io.liveboard.json;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;

import io.liveboard.events.AchievementUnlocked;
import io.liveboard.events.ActivityItem;
import io.liveboard.events.LeaderboardEntry;
import io.liveboard.events.LeaderboardSnapshot;
import io.liveboard.events.LeaderboardUpdate;
import io.liveboard.events.ProgressTrend;
import io.liveboard.events.ProgressUpdate;
import org.junit.jupiter.api.Test;

/** The JSON shapes of the original spec's "Data Models", written out by hand. */
class WsMessagesTest {

    static final Instant AT = Instant.parse("2026-02-20T18:30:00Z");

    @Test
    void leaderboardUpdateHasTheOriginalSpecShapePlusPosition() {
        LeaderboardUpdate update = LeaderboardUpdate.newBuilder().setEventId("e-1").setCategory("typing_wpm")
                .setSeq(17).setRank(5).setUserId(123).setUsername("speedster").setMetricValue(145.5)
                .setPreviousRank(7).setRankChange(2).setVelocity(0.4).setTimestamp(AT).build();
        assertThat(WsMessages.message(update, "leaderboard:typing_wpm", "0-42")).isEqualTo(
                "{\"type\":\"leaderboard.update\",\"channel\":\"leaderboard:typing_wpm\",\"pos\":\"0-42\",\"data\":"
                        + "{\"event_id\":\"e-1\",\"category\":\"typing_wpm\",\"seq\":17,\"rank\":5,\"user_id\":123,"
                        + "\"username\":\"speedster\",\"metric_value\":145.5,\"previous_rank\":7,\"rank_change\":2,"
                        + "\"velocity\":0.4,\"timestamp\":\"2026-02-20T18:30:00Z\"}}");
    }

    @Test
    void achievementNotificationHasTheOriginalSpecFields() {
        AchievementUnlocked unlocked = AchievementUnlocked.newBuilder().setEventId("e-2").setUserId(123)
                .setUsername("speedster").setAchievement("7-day-streak").setTitle("Week Warrior")
                .setDescription("Completed a 7-day practice streak").setIcon("🔥").setPoints(50).setTimestamp(AT)
                .build();
        assertThat(WsMessages.message(unlocked, "user:123:achievements", "1-7")).isEqualTo(
                "{\"type\":\"achievement.unlocked\",\"channel\":\"user:123:achievements\",\"pos\":\"1-7\",\"data\":"
                        + "{\"event_id\":\"e-2\",\"user_id\":123,\"username\":\"speedster\","
                        + "\"achievement\":\"7-day-streak\",\"title\":\"Week Warrior\","
                        + "\"description\":\"Completed a 7-day practice streak\",\"icon\":\"🔥\",\"points\":50,"
                        + "\"timestamp\":\"2026-02-20T18:30:00Z\"}}");
    }

    @Test
    void progressUpdateLeavesOutMetricsTheAppDoesNotHave() {
        ProgressUpdate progress = ProgressUpdate.newBuilder().setEventId("e-3").setUserId(123)
                .setUsername("speedster").setSessionId("s-1").setApp("typing").setCurrentWpm(125.5)
                .setCurrentAccuracy(96.2).setSessionDuration(300).setElapsedMs(300_000)
                .setTrend(ProgressTrend.newBuilder().setWpmChange(1.5).build()).setTimestamp(AT).build();
        String data = WsMessages.data(progress);
        assertThat(data).contains("\"app\":\"typing\",\"current_wpm\":125.5,\"current_accuracy\":96.2,"
                + "\"session_duration\":300").contains("\"trend\":{\"wpm_change\":1.5}")
                .doesNotContain("current_score").doesNotContain("null");
    }

    @Test
    void activityItemsAreTypedByTheirKindAndSnapshotsCarryTheirEntries() {
        ActivityItem item = ActivityItem.newBuilder().setEventId("e-4").setKind("session.completed").setUserId(1)
                .setUsername("ada").setApp("math").setMessage("ada completed a math session").setTimestamp(AT).build();
        assertThat(WsMessages.message(item, "activity:feed", null))
                .startsWith("{\"type\":\"session.completed\",\"channel\":\"activity:feed\",\"data\":{");
        LeaderboardSnapshot snapshot = LeaderboardSnapshot.newBuilder().setEventId("e-5").setCategory("overall")
                .setSeq(9).setTotalRanked(1).setEntries(List.of(new LeaderboardEntry(1, 2L, "bo", 30.0)))
                .setTimestamp(AT).build();
        assertThat(WsMessages.data(snapshot)).contains(
                "\"seq\":9,\"total_ranked\":1,\"entries\":[{\"rank\":1,\"user_id\":2,\"username\":\"bo\",\"metric_value\":30.0}]");
    }
}
