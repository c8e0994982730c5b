package io.liveboard.processors.profile;

import java.time.Instant;
import java.util.List;

import io.liveboard.catalog.ActivityFeed;
import io.liveboard.catalog.App;
import io.liveboard.catalog.Category;
import io.liveboard.catalog.FeedItemKind;
import io.liveboard.events.ActivityItem;
import io.liveboard.events.EventIds;
import io.liveboard.events.LearningEvent;
import io.liveboard.events.LevelUp;
import io.liveboard.events.SessionEnded;
import io.liveboard.json.LearningEventValidator;
import io.liveboard.processors.achievement.Achievements;
import io.liveboard.processors.achievement.Achievements.Threshold;
import io.liveboard.processors.achievement.LevelCurve;
import io.liveboard.processors.achievement.Unlocks;
import io.liveboard.processors.activity.FeedItems;
import io.liveboard.processors.highscore.HighScores;
import io.liveboard.processors.leaderboard.BoardChange;
import io.liveboard.processors.output.Emitted;
import io.liveboard.processors.output.StageOutput;
import io.liveboard.processors.profile.UserProfile.Best;
import io.liveboard.catalog.Channel;
import io.liveboard.catalog.Topic;

/**
 * What a completed session changes in the user's profile: the personal best of the app's category
 * (high score), cumulative points (overall board, points achievements, levels), perfect accuracy; and
 * what it tells the leaderboards: one {@link BoardChange} for the app's category and one for overall.
 */
public final class Completions {

    private final Profiles profiles;

    public Completions(Profiles profiles) {
        this.profiles = profiles;
    }

    public void completed(LearningEvent event, SessionEnded ended, List<StageOutput> out) {
        long userId = event.getUserId();
        String username = event.getUsername();
        String cause = event.getEventId();
        Instant atInstant = event.getOccurredAt();
        long at = atInstant.toEpochMilli();
        App app = App.byId(event.getApp()).orElseThrow();
        Category category = Category.bestOf(app);
        double value = LearningEventValidator.primaryMetric(app, ended);
        UserProfile profile = profiles.load(userId);

        ActivityItem.Builder item = FeedItems.item(FeedItemKind.SESSION_COMPLETED, userId, username, atInstant)
                .setApp(app.id()).setCategory(category.id()).setMetricValue(value).setPoints(ended.getPoints())
                .setMessage(username + " completed a " + app.id() + " session: " + HighScores.format(value) + " "
                        + app.primaryMetric().jsonName());
        out.add(FeedItems.to(ActivityFeed.FEED, item, cause));

        Best best = HighScores.apply(profile, category, value, at, userId, username, app.id(),
                ended.getSessionId(), cause, out);
        out.add(new BoardChange(category.id(), userId, username, best.value(), best.reachedAt(), cause, at));

        long before = profile.totalPoints;
        long after = before + ended.getPoints();
        // The total reached its value when its last contribution happened (event time, so late
        // sessions count where they belong); a total of 0 was reached at the earliest session.
        if (before == 0 && after > 0) {
            profile.totalReachedAt = at;
        } else if (after > before) {
            profile.totalReachedAt = Math.max(profile.totalReachedAt, at);
        } else if (after == 0) {
            profile.totalReachedAt = profile.totalReachedAt == 0 ? at : Math.min(profile.totalReachedAt, at);
        }
        profile.totalPoints = after;
        out.add(new BoardChange(Category.OVERALL.id(), userId, username, profile.totalPoints, profile.totalReachedAt,
                cause, at));
        for (Threshold t : Achievements.POINTS) {
            if (before < t.value() && t.value() <= after) {
                Unlocks.unlock(userId, username, t.achievement(), atInstant, cause, out);
            }
        }
        int oldLevel = LevelCurve.levelOf(before);
        int newLevel = LevelCurve.levelOf(after);
        if (newLevel > oldLevel) {
            LevelUp up = LevelUp.newBuilder().setEventId(EventIds.derive("level.up", cause, userId))
                    .setUserId(userId).setUsername(username).setLevel(newLevel).setPreviousLevel(oldLevel)
                    .setTotalPoints(after).setTimestamp(atInstant).build();
            out.add(Emitted.of(Topic.USER_UPDATES, Long.toString(userId), up, List.of(Channel.userAchievements(userId))));
            for (int level = oldLevel + 1; level <= newLevel; level++) {
                Unlocks.unlock(userId, username, Achievements.level(level), atInstant, cause, out);
            }
        }
        if (!profile.perfectAccuracyUnlocked && ended.getAccuracy() != null && ended.getAccuracy() == 100.0) {
            profile.perfectAccuracyUnlocked = true;
            Unlocks.unlock(userId, username, Achievements.PERFECT_ACCURACY, atInstant, cause, out);
        }
        profiles.save(userId, profile);
    }
}
