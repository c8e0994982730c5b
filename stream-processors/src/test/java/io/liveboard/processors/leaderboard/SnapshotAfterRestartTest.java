package io.liveboard.processors.leaderboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import io.liveboard.catalog.Topic;
import io.liveboard.events.EventIds;
import io.liveboard.events.LeaderboardEntry;
import io.liveboard.events.LeaderboardSnapshot;
import io.liveboard.processors.output.Emitted;
import io.liveboard.processors.output.StageOutput;
import io.liveboard.processors.support.StoreBuilders;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.MockProcessorContext.CapturedForward;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.Test;

/**
 * A change committed just before a crash, whose coalesced snapshot was not written yet: the processor that
 * takes the task over (stores restored, index rebuilt) writes it on its first snapshot tick, with the seq,
 * cause and times of that last change, as the lost tick would have.
 */
class SnapshotAfterRestartTest {

    @Test
    void aRestoredBoardGetsTheSnapshotOfItsLastChangeOnTheFirstTick() {
        MockProcessorContext<String, StageOutput> context = new MockProcessorContext<>();
        KeyValueStore<String, BoardEntry> entries = store(context, LeaderboardProcessor.ENTRIES_STORE, BoardEntry.class);
        KeyValueStore<String, BoardState> states = store(context, LeaderboardProcessor.STATE_STORE, BoardState.class);
        entries.put("typing_wpm/1", entry("ann", 50, 1_000));
        entries.put("typing_wpm/2", entry("bob", 70, 2_000));
        entries.put("typing_wpm/3", entry("cy", 60, 3_000));
        entries.put("typing_wpm/4", entry("dee", 40, 4_000));
        BoardState state = new BoardState();
        state.seq = 7;
        state.leaderUserId = 2;
        state.leaderUsername = "bob";
        state.lastCause = "cause-of-seq-7";
        state.lastOccurredAt = Instant.parse("2026-11-20T10:02:00Z").toEpochMilli();
        state.lastTimestamp = 123_456L;
        states.put("typing_wpm", state);

        LeaderboardProcessor processor = new LeaderboardProcessor(3, Duration.ofMillis(20));
        processor.init(context);
        assertThat(context.forwarded()).isEmpty();
        assertThat(context.scheduledPunctuators()).hasSize(1);
        assertThat(context.scheduledPunctuators().get(0).getInterval()).isEqualTo(Duration.ofMillis(20));

        context.scheduledPunctuators().get(0).getPunctuator().punctuate(0);
        List<CapturedForward<? extends String, ? extends StageOutput>> forwarded = context.forwarded();
        assertThat(forwarded).hasSize(1);
        assertThat(forwarded.get(0).record().timestamp()).isEqualTo(123_456L);
        Emitted out = (Emitted) forwarded.get(0).record().value();
        assertThat(out.topic()).isEqualTo(Topic.LEADERBOARD_SNAPSHOTS);
        LeaderboardSnapshot snapshot = (LeaderboardSnapshot) out.value();
        assertThat(snapshot.getSeq()).isEqualTo(7);
        assertThat(snapshot.getTotalRanked()).isEqualTo(4);
        assertThat(snapshot.getEntries()).extracting(e -> e.getRank() + ":" + e.getUsername())
                .containsExactly("1:bob", "2:cy", "3:ann");
        assertThat(snapshot.getEntries()).extracting(LeaderboardEntry::getMetricValue).containsExactly(70.0, 60.0, 50.0);
        assertThat(snapshot.getTimestamp()).isEqualTo(Instant.parse("2026-11-20T10:02:00Z"));
        // The same id the uninterrupted run gave it: readers can tell it is the same snapshot.
        assertThat(snapshot.getEventId()).isEqualTo(EventIds.derive("leaderboard.snapshot", "typing_wpm", 7L, "cause-of-seq-7"));

        context.resetForwards();
        context.scheduledPunctuators().get(0).getPunctuator().punctuate(20);
        assertThat(context.forwarded()).isEmpty();
    }

    private static <V> KeyValueStore<String, V> store(MockProcessorContext<String, StageOutput> context, String name,
                                                       Class<V> type) {
        KeyValueStore<String, V> store = StoreBuilders.json(name, type, false).withLoggingDisabled().build();
        store.init(context.getStateStoreContext(), store);
        context.addStateStore(store);
        return store;
    }

    private static BoardEntry entry(String username, double value, long reachedAt) {
        BoardEntry e = new BoardEntry();
        e.username = username;
        e.value = value;
        e.reachedAt = reachedAt;
        return e;
    }
}
