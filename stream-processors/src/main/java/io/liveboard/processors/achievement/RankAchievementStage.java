package io.liveboard.processors.achievement;

import io.liveboard.processors.output.StageOutput;
import io.liveboard.processors.support.StoreBuilders;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;

/** Wires the rank achievements: ranks reached (keyed by user id) → {@link RankAchievementProcessor}. */
public final class RankAchievementStage {

    private RankAchievementStage() {
    }

    public static KStream<String, StageOutput> build(StreamsBuilder builder, KStream<String, RankReached> reached,
                                                     boolean persistent) {
        builder.addStateStore(StoreBuilders.json(RankAchievementProcessor.STORE, Integer.class, persistent));
        return reached.process(RankAchievementProcessor::new, Named.as("rank-achievements-stage"),
                RankAchievementProcessor.STORE);
    }
}
