package io.liveboard.catalog;

import java.util.Arrays;
import java.util.Optional;

/** Kinds of activity items; the id is the WebSocket message type of the item. */
public enum FeedItemKind {
    SESSION_COMPLETED("session.completed"),
    RANK_IMPROVED("rank.improved"),
    ACHIEVEMENT_UNLOCKED("achievement.unlocked"),
    HIGH_SCORE("high.score"),
    LEADER_CHANGED("leader.changed");

    private final String id;

    FeedItemKind(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    public static Optional<FeedItemKind> byId(String id) {
        return Arrays.stream(values()).filter(k -> k.id.equals(id)).findFirst();
    }
}
