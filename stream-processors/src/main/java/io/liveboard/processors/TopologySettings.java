package io.liveboard.processors;

import java.time.Duration;

import io.liveboard.catalog.TopicCatalog;
import io.liveboard.processors.deadletter.DeadLetterListener;

/**
 * What the topology needs to know, without Spring.
 *
 * @param catalog         topic names (prefix)
 * @param topN            entries per leaderboard snapshot; ranks beyond it are exact too but not broadcast
 * @param dedupeRetention how long an event id is remembered to drop redeliveries
 * @param deadLetters     told about every dead letter (metrics)
 * @param snapshotInterval how often a changed leaderboard's snapshot is written (wall clock); the commit
 *                        interval, so each transaction carries at most about one per category
 * @param persistentStores RocksDB stores (true, always in the app) or in-memory ones (driver tests)
 */
public record TopologySettings(TopicCatalog catalog, int topN, Duration dedupeRetention,
                               DeadLetterListener deadLetters, Duration snapshotInterval, boolean persistentStores) {

    public static final int DEFAULT_TOP_N = 100;
    public static final Duration DEFAULT_DEDUPE_RETENTION = Duration.ofDays(7);

    public static TopologySettings defaults(TopicCatalog catalog) {
        return new TopologySettings(catalog, DEFAULT_TOP_N, DEFAULT_DEDUPE_RETENTION, DeadLetterListener.NONE,
                ProcessorsProperties.defaultCommitInterval(), true);
    }
}
