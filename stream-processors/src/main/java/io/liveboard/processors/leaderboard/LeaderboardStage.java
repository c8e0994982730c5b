package io.liveboard.processors.leaderboard;

import java.time.Duration;

import io.liveboard.processors.output.StageOutput;
import io.liveboard.processors.support.StoreBuilders;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;

/** Wires the leaderboard stage: board changes (keyed by category) → {@link LeaderboardProcessor}. */
public final class LeaderboardStage {

    private LeaderboardStage() {
    }

    public static KStream<String, StageOutput> build(StreamsBuilder builder, KStream<String, BoardChange> changes,
                                                     int topN, Duration snapshotInterval, boolean persistent) {
        if (topN < 1) {
            throw new IllegalArgumentException("top N must be at least 1: " + topN);
        }
        builder.addStateStore(StoreBuilders.json(LeaderboardProcessor.ENTRIES_STORE, BoardEntry.class, persistent));
        builder.addStateStore(StoreBuilders.json(LeaderboardProcessor.STATE_STORE, BoardState.class, persistent));
        return changes.process(() -> new LeaderboardProcessor(topN, snapshotInterval), Named.as("leaderboard-stage"),
                LeaderboardProcessor.ENTRIES_STORE, LeaderboardProcessor.STATE_STORE);
    }
}
