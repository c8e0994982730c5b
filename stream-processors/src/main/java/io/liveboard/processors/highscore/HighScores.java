package io.liveboard.processors.highscore;

import java.time.Instant;
import java.util.List;

import io.liveboard.catalog.ActivityFeed;
import io.liveboard.catalog.Category;
import io.liveboard.catalog.Channel;
import io.liveboard.catalog.FeedItemKind;
import io.liveboard.catalog.Topic;
import io.liveboard.events.ActivityItem;
import io.liveboard.events.EventIds;
import io.liveboard.events.HighScore;
import io.liveboard.processors.activity.FeedItems;
import io.liveboard.processors.output.Emitted;
import io.liveboard.processors.output.StageOutput;
import io.liveboard.processors.profile.UserProfile;
import io.liveboard.processors.profile.UserProfile.Best;

/**
 * Personal bests of best-of categories. Bests go by value, not by arrival: a late session that beats the
 * best is a new best (and a {@code high.score}); one that equals it but happened earlier moves the time
 * the value was first reached back (a better tie-break on the board) without a high score. The first
 * session only sets the baseline.
 */
public final class HighScores {

    private HighScores() {
    }

    /** Applies a completed session's value to the profile; emits a high score when it beats the best. */
    public static Best apply(UserProfile profile, Category category, double value, long at, long userId,
                             String username, String app, String sessionId, String cause, List<StageOutput> out) {
        Best previous = profile.bests.get(category.id());
        Best next;
        if (previous == null) {
            next = new Best(value, at);
        } else if (value > previous.value()) {
            next = new Best(value, at);
            emit(category, value, previous.value(), Instant.ofEpochMilli(at), userId, username, app, sessionId, cause, out);
        } else if (value == previous.value() && at < previous.reachedAt()) {
            next = new Best(value, at);
        } else {
            next = previous;
        }
        profile.bests.put(category.id(), next);
        return next;
    }

    private static void emit(Category category, double value, double previousBest, Instant at, long userId,
                             String username, String app, String sessionId, String cause, List<StageOutput> out) {
        HighScore high = HighScore.newBuilder()
                .setEventId(EventIds.derive("high.score", cause, category.id(), userId))
                .setUserId(userId).setUsername(username).setApp(app).setCategory(category.id())
                .setSessionId(sessionId).setMetricValue(value).setPreviousBest(previousBest).setTimestamp(at)
                .build();
        out.add(Emitted.of(Topic.USER_UPDATES, Long.toString(userId), high, List.of(Channel.userAchievements(userId))));
        ActivityItem.Builder item = FeedItems.item(FeedItemKind.HIGH_SCORE, userId, username, at)
                .setApp(app).setCategory(category.id()).setMetricValue(value)
                .setMessage(username + " set a new personal best in " + category.id() + ": " + format(value)
                        + " (was " + format(previousBest) + ")");
        out.add(FeedItems.to(ActivityFeed.HIGH_SCORES, item, cause, category.id()));
        out.add(FeedItems.to(ActivityFeed.FEED, item, cause, category.id()));
    }

    public static String format(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : String.format(java.util.Locale.ROOT, "%.1f", value);
    }
}
