package io.liveboard.schema;

import java.time.Instant;
import java.util.List;

import io.liveboard.events.AchievementUnlocked;
import io.liveboard.events.ActivityItem;
import io.liveboard.events.Competitor;
import io.liveboard.events.CompetitorsUpdate;
import io.liveboard.events.HighScore;
import io.liveboard.events.LeaderboardEntry;
import io.liveboard.events.LeaderboardSnapshot;
import io.liveboard.events.LeaderboardUpdate;
import io.liveboard.events.LearningEvent;
import io.liveboard.events.LevelUp;
import io.liveboard.events.ProgressTrend;
import io.liveboard.events.ProgressUpdate;
import io.liveboard.events.RankChanged;
import io.liveboard.events.ScoreUpdated;
import io.liveboard.events.SessionEnded;
import io.liveboard.events.SessionStarted;
import io.liveboard.events.StreakMilestone;
import org.apache.avro.specific.SpecificRecord;

/** One filled-in record of every type, for round trips. */
final class SampleRecords {

    static final Instant AT = Instant.parse("2026-02-20T18:30:00Z");

    private SampleRecords() {
    }

    static List<SpecificRecord> all() {
        return List.of(
                input(SessionStarted.newBuilder().setSessionId("s-1").setMode("practice").setMatchId("m-7").build()),
                input(ScoreUpdated.newBuilder().setSessionId("s-1").setWpm(88.5).setAccuracy(97.1).setScore(120.0)
                        .setElapsedMs(5000).build()),
                input(SessionEnded.newBuilder().setSessionId("s-1").setWpm(91.0).setAccuracy(98.0)
                        .setDurationMs(300_000).setCompleted(true).setPoints(40).build()),
                LeaderboardUpdate.newBuilder().setEventId("e1").setCategory("typing_wpm").setSeq(12).setRank(5)
                        .setUserId(123).setUsername("speedster").setMetricValue(145.5).setPreviousRank(7)
                        .setRankChange(2).setVelocity(1.5).setTimestamp(AT).build(),
                LeaderboardSnapshot.newBuilder().setEventId("e2").setCategory("overall").setSeq(3).setTotalRanked(2)
                        .setEntries(List.of(new LeaderboardEntry(1, 9L, "ada", 500.0),
                                new LeaderboardEntry(2, 4L, "bob", 200.0)))
                        .setTimestamp(AT).build(),
                RankChanged.newBuilder().setEventId("e3").setCategory("overall").setRank(1).setUserId(9)
                        .setUsername("ada").setMetricValue(500.0).setPreviousRank(null).setRankChange(0)
                        .setTimestamp(AT).build(),
                AchievementUnlocked.newBuilder().setEventId("e4").setUserId(123).setUsername("speedster")
                        .setAchievement("7-day-streak").setTitle("Week Warrior")
                        .setDescription("Completed a 7-day practice streak").setIcon("🔥").setPoints(50)
                        .setTimestamp(AT).build(),
                StreakMilestone.newBuilder().setEventId("e5").setUserId(1).setUsername("u").setMilestone(7)
                        .setStreakDays(7).setStreakStart("2026-02-14").setTimestamp(AT).build(),
                HighScore.newBuilder().setEventId("e6").setUserId(1).setUsername("u").setApp("piano")
                        .setCategory("piano_score").setSessionId("s-2").setMetricValue(900.0).setPreviousBest(850.0)
                        .setTimestamp(AT).build(),
                LevelUp.newBuilder().setEventId("e7").setUserId(1).setUsername("u").setLevel(3).setPreviousLevel(2)
                        .setTotalPoints(400).setTimestamp(AT).build(),
                ProgressUpdate.newBuilder().setEventId("e8").setUserId(123).setUsername("speedster")
                        .setSessionId("s-1").setApp("typing").setCurrentWpm(125.5).setCurrentAccuracy(96.2)
                        .setSessionDuration(300).setElapsedMs(300_000)
                        .setTrend(ProgressTrend.newBuilder().setWpmChange(2.5).setWpmAverage(120.0).build())
                        .setTimestamp(AT).build(),
                CompetitorsUpdate.newBuilder().setEventId("e9").setMatchId("m-7").setApp("typing").setMetric("wpm")
                        .setStandings(List.of(Competitor.newBuilder().setPosition(1).setUserId(1).setUsername("u")
                                .setSessionId("s-1").setMetricValue(80.0).setFinished(true).build()))
                        .setTimestamp(AT).build(),
                ActivityItem.newBuilder().setEventId("e10").setKind("leader.changed").setUserId(9).setUsername("ada")
                        .setCategory("overall").setRank(1).setPreviousUserId(4L).setPreviousUsername("bob")
                        .setMessage("ada took the lead in overall").setTimestamp(AT).build());
    }

    static LearningEvent input(Object payload) {
        return LearningEvent.newBuilder().setEventId("0b7e7d52-6a55-4c5e-9f0e-6f0a3c1d2e3f").setUserId(42)
                .setUsername("ada").setApp("typing").setOccurredAt(AT).setTimezone("Europe/Paris")
                .setPayload(payload).build();
    }
}
