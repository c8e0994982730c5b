package io.liveboard.processors.activity;

import java.time.Instant;
import java.util.List;

import io.liveboard.catalog.ActivityFeed;
import io.liveboard.catalog.Channel;
import io.liveboard.catalog.FeedItemKind;
import io.liveboard.catalog.Topic;
import io.liveboard.events.ActivityItem;
import io.liveboard.events.EventIds;
import io.liveboard.processors.output.Emitted;

/**
 * Activity items: one record per feed it appears in, keyed by the feed id (so each feed is one
 * partition, in order), each with its own deterministic id derived from its cause and its feed.
 */
public final class FeedItems {

    private FeedItems() {
    }

    /** A builder preset with the kind, user and time; the caller sets the kind's fields and the message. */
    public static ActivityItem.Builder item(FeedItemKind kind, long userId, String username, Instant at) {
        return ActivityItem.newBuilder().setKind(kind.id()).setUserId(userId).setUsername(username)
                .setTimestamp(at).setEventId("");
    }

    /** The item as a record of {@code feed}, with an id derived from {@code cause} and the feed. */
    public static Emitted to(ActivityFeed feed, ActivityItem.Builder item, Object... cause) {
        Object[] parts = new Object[cause.length + 2];
        parts[0] = feed.id();
        parts[1] = item.getKind();
        System.arraycopy(cause, 0, parts, 2, cause.length);
        ActivityItem value = ActivityItem.newBuilder(item).setEventId(EventIds.derive("activity", parts)).build();
        return Emitted.of(Topic.ACTIVITY, feed.id(), value, List.of(Channel.activity(feed)));
    }
}
