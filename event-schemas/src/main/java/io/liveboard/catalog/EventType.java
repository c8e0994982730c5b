package io.liveboard.catalog;

import java.util.Arrays;
import java.util.Optional;

import io.liveboard.events.AchievementUnlocked;
import io.liveboard.events.ActivityItem;
import io.liveboard.events.CompetitorsUpdate;
import io.liveboard.events.HighScore;
import io.liveboard.events.LeaderboardSnapshot;
import io.liveboard.events.LeaderboardUpdate;
import io.liveboard.events.LearningEvent;
import io.liveboard.events.LevelUp;
import io.liveboard.events.ProgressUpdate;
import io.liveboard.events.RankChanged;
import io.liveboard.events.ScoreUpdated;
import io.liveboard.events.SessionEnded;
import io.liveboard.events.SessionStarted;
import io.liveboard.events.StreakMilestone;
import org.apache.avro.specific.SpecificRecord;

/**
 * The type names of events (the {@code type} of JSON lines and WebSocket messages) and the record
 * class behind each. Inputs are named by their payload class; activity items by their kind.
 */
public enum EventType {
    SESSION_STARTED("session.started", SessionStarted.class),
    SCORE_UPDATED("score.updated", ScoreUpdated.class),
    SESSION_ENDED("session.ended", SessionEnded.class),
    LEADERBOARD_UPDATE("leaderboard.update", LeaderboardUpdate.class),
    LEADERBOARD_SNAPSHOT("leaderboard.snapshot", LeaderboardSnapshot.class),
    RANK_CHANGED("rank.changed", RankChanged.class),
    ACHIEVEMENT_UNLOCKED("achievement.unlocked", AchievementUnlocked.class),
    STREAK_MILESTONE("streak.milestone", StreakMilestone.class),
    HIGH_SCORE("high.score", HighScore.class),
    LEVEL_UP("level.up", LevelUp.class),
    PROGRESS_UPDATE("progress.update", ProgressUpdate.class),
    COMPETITORS_UPDATE("competitors.update", CompetitorsUpdate.class);

    private final String id;
    private final Class<? extends SpecificRecord> recordClass;

    EventType(String id, Class<? extends SpecificRecord> recordClass) {
        this.id = id;
        this.recordClass = recordClass;
    }

    public String id() {
        return id;
    }

    public Class<? extends SpecificRecord> recordClass() {
        return recordClass;
    }

    public static Optional<EventType> byId(String id) {
        return Arrays.stream(values()).filter(t -> t.id.equals(id)).findFirst();
    }

    /** The type name of any liveboard record: the payload's for inputs, the kind for activity items. */
    public static String typeOf(SpecificRecord record) {
        if (record instanceof LearningEvent event) {
            return typeOf((SpecificRecord) event.getPayload());
        }
        if (record instanceof ActivityItem item) {
            return item.getKind();
        }
        for (EventType type : values()) {
            if (type.recordClass.isInstance(record)) {
                return type.id;
            }
        }
        throw new IllegalArgumentException("no event type for " + record.getSchema().getFullName());
    }
}
