package io.liveboard.fanout.history;

import java.nio.charset.StandardCharsets;

import io.liveboard.fanout.protocol.ServerMessages;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PartitionHistoryTest {

    static Rec rec(long offset, long ts, long seq, String... channels) {
        return new Rec(0, offset, ts, seq, ServerMessages.quoted("t"), channels,
                ("{\"o\":" + offset + "}").getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void coversNothingBeforeTheConsumerStarts() {
        PartitionHistory h = new PartitionHistory(0, 4, 2);
        assertThat(h.read("a", 0, Long.MIN_VALUE).covered()).isFalse();
        h.reset(10, 0);
        assertThat(h.read("a", 9, Long.MIN_VALUE).covered()).isFalse();
        assertThat(h.read("a", 10, Long.MIN_VALUE).covered()).isTrue();
    }

    @Test
    void readsOneChannelFromAnOffsetAndEvictsTheOldest() {
        PartitionHistory h = new PartitionHistory(0, 3, 2);
        h.reset(0, 0);
        h.append(rec(0, 100, -1, "a"));
        h.append(rec(1, 101, -1, "b"));
        h.append(rec(2, 102, -1, "a", "b"));
        assertThat(h.read("a", 0, Long.MIN_VALUE).records()).extracting(Rec::offset).containsExactly(0L, 2L);
        assertThat(h.read("b", 2, Long.MIN_VALUE).records()).extracting(Rec::offset).containsExactly(2L);
        h.append(rec(5, 103, -1, "a")); // offsets 3, 4: transaction markers
        assertThat(h.coveredFrom()).isEqualTo(1);
        assertThat(h.read("a", 0, Long.MIN_VALUE).covered()).isFalse();
        PartitionHistory.Read read = h.read("a", 1, Long.MIN_VALUE);
        assertThat(read.records()).extracting(Rec::offset).containsExactly(2L, 5L);
        assertThat(read.tail()).isEqualTo(5);
        h.advance(7);
        assertThat(h.read("a", 6, Long.MIN_VALUE).tail()).isEqualTo(6);
    }

    @Test
    void filtersLeaderboardUpdatesBySeq() {
        PartitionHistory h = new PartitionHistory(0, 10, 2);
        h.reset(0, 0);
        for (int i = 0; i < 5; i++) {
            h.append(rec(i, 100 + i, i + 1, "leaderboard:x"));
        }
        assertThat(h.read("leaderboard:x", 0, 3).records()).extracting(Rec::seq).containsExactly(4L, 5L);
    }

    @Test
    void knowsWhenItReachesBackToASnapshot() {
        PartitionHistory h = new PartitionHistory(0, 2, 2);
        h.reset(100, 0); // started late: not the whole partition
        h.append(rec(100, 1, 7, "leaderboard:x"));
        assertThat(h.reachesBack("leaderboard:x", 6)).isTrue();  // next after 6 is 7: nothing missing
        assertThat(h.reachesBack("leaderboard:x", 5)).isFalse(); // 6 may be before memory
        assertThat(h.reachesBack("leaderboard:y", 5)).isTrue();  // no updates at all since memory starts
    }

    @Test
    void findsOffsetsForTimesOnlyWhenItReachesBackThatFar() {
        PartitionHistory h = new PartitionHistory(0, 10, 2);
        h.reset(50, 0);
        h.append(rec(50, 1000, -1, "a"));
        h.append(rec(51, 2000, -1, "a"));
        assertThat(h.offsetForTime(1500)).isEqualTo(51);
        assertThat(h.offsetForTime(5000)).isEqualTo(52);
        assertThat(h.offsetForTime(500)).isEqualTo(-1);
        PartitionHistory whole = new PartitionHistory(0, 10, 2);
        whole.reset(0, 0);
        whole.append(rec(0, 1000, -1, "a"));
        assertThat(whole.offsetForTime(500)).isEqualTo(0);
    }

    @Test
    void keepsTheLatestActivityItemsOldestFirst() {
        PartitionHistory h = new PartitionHistory(3, 10, 2);
        h.reset(0, 0);
        h.append(rec(0, 1, -1, "activity:feed"));
        h.append(rec(1, 1, -1, "activity:feed"));
        h.append(rec(2, 1, -1, "activity:feed"));
        PartitionHistory.Latest latest = h.latest("activity:feed");
        assertThat(latest.messages()).hasSize(2);
        assertThat(new String(latest.messages().get(0), StandardCharsets.UTF_8))
                .isEqualTo("{\"type\":\"t\",\"channel\":\"activity:feed\",\"pos\":\"3-1\",\"data\":{\"o\":1}}");
        assertThat(latest.tail()).isEqualTo(2);
    }
}
