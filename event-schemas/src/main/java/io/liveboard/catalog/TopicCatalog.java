package io.liveboard.catalog;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;

/**
 * Topic names and settings of one deployment: the prefix (property {@value PropertyNames#TOPICS_PREFIX}),
 * partition and retention overrides and the replication factor.
 */
public final class TopicCatalog {

    private static final String PREFIX_PATTERN = "[A-Za-z0-9._-]{0,100}";

    private final String prefix;
    private final short replicationFactor;
    private final Map<Topic, Integer> partitions = new EnumMap<>(Topic.class);
    private final Map<Topic, Duration> retention = new EnumMap<>(Topic.class);

    public TopicCatalog(String prefix) {
        this(prefix, (short) 1);
    }

    public TopicCatalog(String prefix, short replicationFactor) {
        String p = prefix == null ? "" : prefix;
        if (!p.matches(PREFIX_PATTERN)) {
            throw new IllegalArgumentException("topic prefix may hold only letters, digits, '.', '_' and '-': " + p);
        }
        if (replicationFactor < 1) {
            throw new IllegalArgumentException("replication factor must be at least 1: " + replicationFactor);
        }
        this.prefix = p;
        this.replicationFactor = replicationFactor;
    }

    public static TopicCatalog unprefixed() {
        return new TopicCatalog("");
    }

    public String prefix() {
        return prefix;
    }

    public String name(Topic topic) {
        return prefix + topic.baseName();
    }

    /** The topic a full name belongs to, if it is one of ours under this prefix. */
    public Optional<Topic> topicNamed(String fullName) {
        for (Topic topic : Topic.values()) {
            if (name(topic).equals(fullName)) {
                return Optional.of(topic);
            }
        }
        return Optional.empty();
    }

    /** Accepts a full name or a base name. */
    public Optional<Topic> resolve(String name) {
        Optional<Topic> full = topicNamed(name);
        if (full.isPresent()) {
            return full;
        }
        for (Topic topic : Topic.values()) {
            if (topic.baseName().equals(name)) {
                return Optional.of(topic);
            }
        }
        return Optional.empty();
    }

    public TopicCatalog withPartitions(Topic topic, int count) {
        if (count < 1) {
            throw new IllegalArgumentException("partitions of " + topic.baseName() + " must be at least 1: " + count);
        }
        partitions.put(topic, count);
        return this;
    }

    public TopicCatalog withRetention(Topic topic, Duration duration) {
        if (topic.cleanupPolicy() == Topic.CleanupPolicy.COMPACT) {
            throw new IllegalArgumentException(topic.baseName() + " is compacted and has no time retention");
        }
        retention.put(topic, duration);
        return this;
    }

    public int partitions(Topic topic) {
        return partitions.getOrDefault(topic, topic.defaultPartitions());
    }

    public short replicationFactor() {
        return replicationFactor;
    }

    /** Retention in ms; -1 (forever) when a duration of zero or less is configured. */
    public long retentionMs(Topic topic) {
        Duration d = retention.getOrDefault(topic, topic.defaultRetention());
        if (d == null || d.isZero() || d.isNegative()) {
            return -1;
        }
        return d.toMillis();
    }

    public NewTopic newTopic(Topic topic) {
        Map<String, String> configs = new java.util.LinkedHashMap<>();
        configs.put(TopicConfig.CLEANUP_POLICY_CONFIG, topic.cleanupPolicy().config());
        if (topic.cleanupPolicy() == Topic.CleanupPolicy.DELETE) {
            configs.put(TopicConfig.RETENTION_MS_CONFIG, Long.toString(retentionMs(topic)));
        } else {
            // Snapshots are small and replaced often: compact eagerly so a reader replays little.
            configs.put(TopicConfig.MIN_CLEANABLE_DIRTY_RATIO_CONFIG, "0.1");
            configs.put(TopicConfig.SEGMENT_MS_CONFIG, Long.toString(Duration.ofHours(1).toMillis()));
        }
        // Positions are (partition, offset) and resume needs timestamps we can trust: the producer's event time.
        configs.put(TopicConfig.MESSAGE_TIMESTAMP_TYPE_CONFIG, "CreateTime");
        return new NewTopic(name(topic), partitions(topic), replicationFactor).configs(configs);
    }

    public List<NewTopic> newTopics() {
        List<NewTopic> all = new ArrayList<>();
        for (Topic topic : Topic.values()) {
            all.add(newTopic(topic));
        }
        return all;
    }
}
