package io.liveboard.catalog;

import java.util.Arrays;
import java.util.Optional;

/** The activity feeds; the id is both the channel suffix and the record key in the activity topic. */
public enum ActivityFeed {
    FEED("feed"),
    ACHIEVEMENTS("achievements"),
    HIGH_SCORES("high-scores");

    private final String id;

    ActivityFeed(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    public static Optional<ActivityFeed> byId(String id) {
        return Arrays.stream(values()).filter(f -> f.id.equals(id)).findFirst();
    }
}
