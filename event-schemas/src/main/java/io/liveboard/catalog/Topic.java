package io.liveboard.catalog;

import java.time.Duration;

/**
 * Every topic of the platform with its defaults. Names take an optional prefix (see {@link TopicCatalog}).
 * Partition counts are defaults that deployments override; keys decide partitions, and all records of
 * one channel share a key, so a channel's order is its partition's order.
 */
public enum Topic {
    LEARNING_EVENTS("learning-events", 6, CleanupPolicy.DELETE, Duration.ofDays(90),
            "LearningEvent from the apps, key user id"),
    LEADERBOARD_UPDATES("leaderboard-updates", 3, CleanupPolicy.DELETE, Duration.ofDays(7),
            "LeaderboardUpdate, key category"),
    LEADERBOARD_SNAPSHOTS("leaderboard-snapshots", 3, CleanupPolicy.COMPACT, null,
            "LeaderboardSnapshot, key category, latest per category"),
    USER_UPDATES("user-updates", 6, CleanupPolicy.DELETE, Duration.ofDays(7),
            "progress, achievements, rank changes, milestones, high scores, level-ups; key user id"),
    MATCH_UPDATES("match-updates", 3, CleanupPolicy.DELETE, Duration.ofDays(2),
            "CompetitorsUpdate, key match id"),
    ACTIVITY("activity", 3, CleanupPolicy.DELETE, Duration.ofDays(7),
            "ActivityItem, key feed name"),
    DEAD_LETTERS("dead-letters", 1, CleanupPolicy.DELETE, Duration.ofDays(30),
            "original bytes of records that could not be processed, key original key");

    /** Kafka's cleanup.policy values we use. */
    public enum CleanupPolicy {
        DELETE("delete"), COMPACT("compact");

        private final String config;

        CleanupPolicy(String config) {
            this.config = config;
        }

        public String config() {
            return config;
        }
    }

    private final String baseName;
    private final int defaultPartitions;
    private final CleanupPolicy cleanupPolicy;
    private final Duration defaultRetention;
    private final String description;

    Topic(String baseName, int defaultPartitions, CleanupPolicy cleanupPolicy, Duration defaultRetention,
          String description) {
        this.baseName = baseName;
        this.defaultPartitions = defaultPartitions;
        this.cleanupPolicy = cleanupPolicy;
        this.defaultRetention = defaultRetention;
        this.description = description;
    }

    /** The name without prefix, e.g. {@code learning-events}. */
    public String baseName() {
        return baseName;
    }

    public int defaultPartitions() {
        return defaultPartitions;
    }

    public CleanupPolicy cleanupPolicy() {
        return cleanupPolicy;
    }

    /** Time-based retention, or null for compacted topics (kept forever, latest per key). */
    public Duration defaultRetention() {
        return defaultRetention;
    }

    public String description() {
        return description;
    }

    /** Output topics carry the channels header and are what the fan-out reads. */
    public boolean isChannelOutput() {
        return this != LEARNING_EVENTS && this != DEAD_LETTERS;
    }
}
