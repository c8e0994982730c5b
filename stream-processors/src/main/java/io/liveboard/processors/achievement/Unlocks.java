package io.liveboard.processors.achievement;

import java.time.Instant;
import java.util.List;

import io.liveboard.catalog.ActivityFeed;
import io.liveboard.catalog.Channel;
import io.liveboard.catalog.FeedItemKind;
import io.liveboard.catalog.Topic;
import io.liveboard.events.AchievementUnlocked;
import io.liveboard.events.ActivityItem;
import io.liveboard.events.EventIds;
import io.liveboard.processors.activity.FeedItems;
import io.liveboard.processors.output.Emitted;
import io.liveboard.processors.output.StageOutput;

/**
 * An unlock goes out three times: {@code achievement.unlocked} to {@code user:{id}:achievements}
 * (user-updates, key user id) and an activity item to {@code activity:achievements} and to
 * {@code activity:feed}. Ids derive from the user and achievement (unlocked at most once) and the cause.
 */
public final class Unlocks {

    private Unlocks() {
    }

    public static void unlock(long userId, String username, AchievementDef def, Instant at, String cause,
                              List<StageOutput> out) {
        AchievementUnlocked unlocked = AchievementUnlocked.newBuilder()
                .setEventId(EventIds.derive("achievement.unlocked", cause, userId, def.id()))
                .setUserId(userId).setUsername(username).setAchievement(def.id()).setTitle(def.title())
                .setDescription(def.description()).setIcon(def.icon()).setPoints(def.points()).setTimestamp(at)
                .build();
        out.add(Emitted.of(Topic.USER_UPDATES, Long.toString(userId), unlocked,
                List.of(Channel.userAchievements(userId))));
        ActivityItem.Builder item = FeedItems.item(FeedItemKind.ACHIEVEMENT_UNLOCKED, userId, username, at)
                .setAchievement(def.id()).setTitle(def.title()).setIcon(def.icon()).setPoints(def.points())
                .setMessage(username + " unlocked " + def.icon() + " " + def.title());
        out.add(FeedItems.to(ActivityFeed.ACHIEVEMENTS, item, cause, userId, def.id()));
        out.add(FeedItems.to(ActivityFeed.FEED, item, cause, userId, def.id()));
    }
}
