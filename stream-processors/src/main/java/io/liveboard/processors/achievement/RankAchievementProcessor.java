package io.liveboard.processors.achievement;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.liveboard.processors.achievement.Achievements.Threshold;
import io.liveboard.processors.output.Emitted;
import io.liveboard.processors.output.StageOutput;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Rank achievements ({@code top-10}, {@code top-5}, {@code rank-1}: the first time a user holds that
 * rank or better in any category). Keyed by user id, after the leaderboard stage, so ranks reached in
 * different categories (different leaderboard tasks) meet in one place and unlock once: the store keeps
 * the best rank each user ever held ({@value #STORE}).
 */
final class RankAchievementProcessor implements Processor<String, RankReached, String, StageOutput> {

    static final String STORE = "rank-achievements";

    private ProcessorContext<String, StageOutput> context;
    private KeyValueStore<String, Integer> bestRanks;

    @Override
    public void init(ProcessorContext<String, StageOutput> context) {
        this.context = context;
        this.bestRanks = context.getStateStore(STORE);
    }

    @Override
    public void process(Record<String, RankReached> record) {
        RankReached reached = record.value();
        String key = Long.toString(reached.userId());
        Integer best = bestRanks.get(key);
        int before = best == null ? Integer.MAX_VALUE : best;
        if (reached.rank() >= before) {
            return;
        }
        List<StageOutput> out = new ArrayList<>();
        for (Threshold t : Achievements.RANKS) {
            if (before > t.value() && reached.rank() <= t.value()) {
                Unlocks.unlock(reached.userId(), reached.username(), t.achievement(),
                        Instant.ofEpochMilli(reached.occurredAt()), reached.causeEventId(), out);
            }
        }
        bestRanks.put(key, reached.rank());
        for (StageOutput o : out) {
            context.forward(((Emitted) o).toRecord(record.timestamp()));
        }
    }
}
