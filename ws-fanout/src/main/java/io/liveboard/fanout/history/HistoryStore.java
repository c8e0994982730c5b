package io.liveboard.fanout.history;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.liveboard.catalog.Topic;

/**
 * What a node keeps in memory, all rebuilt from Kafka at start: the recent records of every partition of the
 * output topics, and the latest leaderboard snapshot of each category.
 */
public final class HistoryStore {

    private final int recordsPerPartition;
    private final int activityItems;
    private final Map<Topic, PartitionHistory[]> partitions = new EnumMap<>(Topic.class);
    private final Map<String, Snapshot> snapshots = new ConcurrentHashMap<>();

    /** A leaderboard snapshot: its seq, its data JSON and its timestamp. */
    public record Snapshot(long seq, String json, long timestampMs) {
    }

    public HistoryStore(int recordsPerPartition, int activityItems) {
        this.recordsPerPartition = recordsPerPartition;
        this.activityItems = activityItems;
    }

    /** Sets the partitions of a topic (at start, and when partitions are added); keeps existing ones. */
    public synchronized PartitionHistory[] ensurePartitions(Topic topic, int count) {
        PartitionHistory[] current = partitions.get(topic);
        if (current != null && current.length >= count) {
            return current;
        }
        PartitionHistory[] next = new PartitionHistory[count];
        for (int p = 0; p < count; p++) {
            next[p] = current != null && p < current.length ? current[p]
                    : new PartitionHistory(p, recordsPerPartition, activityItems);
        }
        partitions.put(topic, next);
        return next;
    }

    /** The partitions of a topic; empty until the live consumer found the topic. */
    public synchronized PartitionHistory[] partitions(Topic topic) {
        PartitionHistory[] current = partitions.get(topic);
        return current == null ? new PartitionHistory[0] : current;
    }

    public void putSnapshot(String category, Snapshot snapshot) {
        // The compacted topic's latest record per key is the truth, even if a processor reset its sequence.
        snapshots.put(category, snapshot);
    }

    public Snapshot snapshot(String category) {
        return snapshots.get(category);
    }
}
