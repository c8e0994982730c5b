package io.liveboard.processors.match;

import io.liveboard.processors.output.StageOutput;
import io.liveboard.processors.support.StoreBuilders;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;

/** Wires the match stage: match changes (keyed by match id) → {@link MatchProcessor}. */
public final class MatchStage {

    private MatchStage() {
    }

    public static KStream<String, StageOutput> build(StreamsBuilder builder, KStream<String, MatchChange> changes,
                                                     boolean persistent) {
        builder.addStateStore(StoreBuilders.json(MatchProcessor.STORE, MatchState.class, persistent));
        return changes.process(MatchProcessor::new, Named.as("match-stage"), MatchProcessor.STORE);
    }
}
