package io.liveboard.processors.leaderboard;

import static io.liveboard.processors.Scenario.session;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import io.liveboard.catalog.App;
import io.liveboard.catalog.LiveboardHeaders;
import io.liveboard.catalog.Topic;
import io.liveboard.events.ActivityItem;
import io.liveboard.events.LeaderboardEntry;
import io.liveboard.events.LeaderboardSnapshot;
import io.liveboard.events.LeaderboardUpdate;
import io.liveboard.events.RankChanged;
import io.liveboard.processors.TopologyHarness;
import io.liveboard.processors.TopologyHarness.Out;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Hand-computed leaderboards with a top 3 (the overall board is filtered out: sessions earn no points here). */
class LeaderboardTest {

    private final TopologyHarness h = new TopologyHarness(3);

    @AfterEach
    void close() {
        h.close();
    }

    private List<String> updates() {
        return h.read(Topic.LEADERBOARD_UPDATES, LeaderboardUpdate.class).stream()
                .filter(u -> u.getCategory().equals("typing_wpm"))
                .map(u -> "seq" + u.getSeq() + " u" + u.getUserId() + " #" + u.getRank() + " prev=" + u.getPreviousRank()
                        + " " + (u.getRankChange() >= 0 ? "+" : "") + u.getRankChange())
                .toList();
    }

    private List<LeaderboardSnapshot> snapshots() {
        return h.read(Topic.LEADERBOARD_SNAPSHOTS, LeaderboardSnapshot.class).stream()
                .filter(s -> s.getCategory().equals("typing_wpm")).toList();
    }

    private static List<Long> users(LeaderboardSnapshot s) {
        return s.getEntries().stream().map(LeaderboardEntry::getUserId).toList();
    }

    @Test
    void aUserOvertakingSeveralMovesEveryoneBetweenAndPushesTheLastOutOfTheTopN() {
        h.send(session(1, App.TYPING, "2026-11-20T10:00:00Z", "a1", 50, 0));
        h.send(session(2, App.TYPING, "2026-11-20T10:01:00Z", "a2", 60, 0));
        h.send(session(3, App.TYPING, "2026-11-20T10:02:00Z", "a3", 70, 0));
        h.send(session(4, App.TYPING, "2026-11-20T10:03:00Z", "a4", 80, 0));
        assertThat(updates()).containsExactly(
                "seq1 u1 #1 prev=null +0",
                "seq2 u2 #1 prev=null +0", "seq2 u1 #2 prev=1 -1",
                "seq3 u3 #1 prev=null +0", "seq3 u2 #2 prev=1 -1", "seq3 u1 #3 prev=2 -1",
                // u1 leaves the top 3: told its rank 4 so clients drop it.
                "seq4 u4 #1 prev=null +0", "seq4 u3 #2 prev=1 -1", "seq4 u2 #3 prev=2 -1", "seq4 u1 #4 prev=3 -1");
        assertThat(snapshots()).extracting(LeaderboardSnapshot::getSeq).containsExactly(1L, 2L, 3L, 4L);
        h.read(Topic.USER_UPDATES);
        h.read(Topic.ACTIVITY);

        // u1 from #4 to #1 past three others.
        h.send(session(1, App.TYPING, "2026-11-20T10:10:00Z", "b1", 90, 0));
        List<LeaderboardUpdate> change = h.read(Topic.LEADERBOARD_UPDATES, LeaderboardUpdate.class).stream()
                .filter(u -> u.getCategory().equals("typing_wpm")).toList();
        assertThat(change).extracting(u -> "seq" + u.getSeq() + " u" + u.getUserId() + " #" + u.getRank() + " " + u.getRankChange())
                .containsExactly("seq5 u1 #1 3", "seq5 u4 #2 -1", "seq5 u3 #3 -1", "seq5 u2 #4 -1");
        assertThat(change.get(0).getMetricValue()).isEqualTo(90.0);
        assertThat(change.get(0).getVelocity()).isEqualTo(3.0); // one sample: +3
        LeaderboardSnapshot last = snapshots().get(0);
        assertThat(last.getSeq()).isEqualTo(5);
        assertThat(last.getTotalRanked()).isEqualTo(4);
        assertThat(users(last)).containsExactly(1L, 4L, 3L);
        assertThat(last.getEntries()).extracting(LeaderboardEntry::getRank).containsExactly(1, 2, 3);

        List<RankChanged> rankChanges = h.read(Topic.USER_UPDATES, RankChanged.class).stream()
                .filter(r -> r.getCategory().equals("typing_wpm")).toList();
        assertThat(rankChanges).extracting(r -> r.getUserId() + ":" + r.getPreviousRank() + "->" + r.getRank())
                .containsExactly("1:4->1", "4:1->2", "3:2->3", "2:3->4");
        List<ActivityItem> feed = h.read(Topic.ACTIVITY, ActivityItem.class).stream()
                .filter(i -> "typing_wpm".equals(i.getCategory())).toList();
        assertThat(feed).extracting(ActivityItem::getKind).contains("rank.improved", "leader.changed");
        ActivityItem leader = feed.stream().filter(i -> i.getKind().equals("leader.changed")).findFirst().orElseThrow();
        assertThat(leader.getUserId()).isEqualTo(1);
        assertThat(leader.getPreviousUserId()).isEqualTo(4);
    }

    @Test
    void tiesGoToWhoReachedTheValueFirstThenToTheLowerUserIdAndALateEqualValueMovesUp() {
        h.send(session(10, App.TYPING, "2026-11-20T10:05:00Z", "a", 80, 0));
        h.send(session(11, App.TYPING, "2026-11-20T10:00:00Z", "b", 80, 0)); // earlier event time, arrives later
        h.send(session(12, App.TYPING, "2026-11-20T10:00:00Z", "c", 80, 0)); // same time as 11: lower id first
        assertThat(updates()).containsExactly(
                "seq1 u10 #1 prev=null +0",
                "seq2 u11 #1 prev=null +0", "seq2 u10 #2 prev=1 -1",
                "seq3 u12 #2 prev=null +0", "seq3 u10 #3 prev=2 -1");
        // A late session of u10 at 09:00 with the same 80: u10 reached 80 first after all.
        h.send(session(10, App.TYPING, "2026-11-20T09:00:00Z", "late", 80, 0));
        assertThat(updates()).containsExactly(
                "seq4 u10 #1 prev=3 +2", "seq4 u11 #2 prev=1 -1", "seq4 u12 #3 prev=2 -1");
        List<LeaderboardSnapshot> snapshots = snapshots();
        assertThat(snapshots).extracting(LeaderboardSnapshot::getSeq).containsExactly(1L, 2L, 3L, 4L);
        assertThat(users(snapshots.get(3))).containsExactly(10L, 11L, 12L);
    }

    @Test
    void changesOutsideTheTopNTellOnlyTheMover() {
        h.send(session(1, App.TYPING, "2026-11-20T10:00:00Z", "a1", 80, 0));
        h.send(session(2, App.TYPING, "2026-11-20T10:01:00Z", "a2", 70, 0));
        h.send(session(3, App.TYPING, "2026-11-20T10:02:00Z", "a3", 60, 0));
        h.send(session(4, App.TYPING, "2026-11-20T10:03:00Z", "a4", 50, 0));
        h.send(session(5, App.TYPING, "2026-11-20T10:04:00Z", "a5", 55, 0));
        assertThat(updates()).containsExactly(
                "seq1 u1 #1 prev=null +0", "seq2 u2 #2 prev=null +0", "seq3 u3 #3 prev=null +0",
                "seq4 u4 #4 prev=null +0",
                // u5 enters at #4 and pushes u4 to #5: neither rank is in the top 3, so only the mover is told.
                "seq5 u5 #4 prev=null +0");
        LeaderboardSnapshot s5 = snapshots().get(4);
        assertThat(s5.getSeq()).isEqualTo(5);
        assertThat(s5.getTotalRanked()).isEqualTo(5);
        assertThat(users(s5)).containsExactly(1L, 2L, 3L);

        // u4 from #5 to #2: u2 and u3 shift down (u3 out of the top 3); u5 shifts from #4 to #5 untold.
        h.send(session(4, App.TYPING, "2026-11-20T10:05:00Z", "b4", 75, 0));
        assertThat(updates()).containsExactly("seq6 u4 #2 prev=5 +3", "seq6 u2 #3 prev=2 -1", "seq6 u3 #4 prev=3 -1");
        assertThat(users(snapshots().get(0))).containsExactly(1L, 4L, 2L);
    }

    @Test
    void aSessionBelowTheBestChangesNothingButCountsForVelocity() {
        h.send(session(1, App.TYPING, "2026-11-20T10:00:00Z", "a1", 50, 0));
        h.send(session(2, App.TYPING, "2026-11-20T10:01:00Z", "a2", 60, 0)); // u1: #1 -> #2
        h.send(session(1, App.TYPING, "2026-11-20T10:02:00Z", "b1", 40, 0)); // below best: sample 0
        h.send(session(3, App.TYPING, "2026-11-20T10:03:00Z", "a3", 70, 0)); // u1: #2 -> #3
        h.send(session(1, App.TYPING, "2026-11-20T10:04:00Z", "c1", 80, 0)); // u1: #3 -> #1, sample +2
        List<LeaderboardUpdate> all = h.read(Topic.LEADERBOARD_UPDATES, LeaderboardUpdate.class).stream()
                .filter(u -> u.getCategory().equals("typing_wpm")).toList();
        assertThat(all).extracting(LeaderboardUpdate::getSeq).containsExactly(1L, 2L, 2L, 3L, 3L, 3L, 4L, 4L, 4L);
        LeaderboardUpdate mover = all.get(6);
        assertThat(mover.getUserId()).isEqualTo(1);
        assertThat(mover.getRankChange()).isEqualTo(2);
        // u1's sessions: entered (no sample), 0 (below best), +2: velocity (0 + 2) / 2 = 1.
        assertThat(mover.getVelocity()).isEqualTo(1.0);
    }

    @Test
    void everyOutputNamesItsChannelAndTypeAndSharesTheKeyOfItsChannels() {
        h.send(session(7, App.TYPING, "2026-11-20T10:00:00Z", "a", 50, 0));
        Out update = h.read(Topic.LEADERBOARD_UPDATES).get(0);
        assertThat(update.key()).isEqualTo("typing_wpm");
        assertThat(update.channels()).containsExactly("leaderboard:typing_wpm");
        assertThat(update.header(LiveboardHeaders.TYPE)).isEqualTo("leaderboard.update");
        Out snapshot = h.read(Topic.LEADERBOARD_SNAPSHOTS).get(0);
        assertThat(snapshot.header(LiveboardHeaders.TYPE)).isEqualTo("leaderboard.snapshot");
        assertThat(snapshot.channels()).containsExactly("leaderboard:typing_wpm");
        Out rank = h.read(Topic.USER_UPDATES).stream().filter(o -> o.value() instanceof RankChanged).findFirst().orElseThrow();
        assertThat(rank.key()).isEqualTo("7");
        assertThat(rank.channels()).containsExactly("user:7:rank-changes");
        assertThat(rank.header(LiveboardHeaders.TYPE)).isEqualTo("rank.changed");
    }

    @Test
    void derivedEventIdsAreDeterministic() {
        var events = session(7, App.TYPING, "2026-11-20T10:00:00Z", "a", 50, 0);
        h.send(events);
        List<String> first = h.read(Topic.LEADERBOARD_UPDATES, LeaderboardUpdate.class).stream()
                .map(LeaderboardUpdate::getEventId).toList();
        try (TopologyHarness again = new TopologyHarness(3)) {
            again.send(events);
            assertThat(again.read(Topic.LEADERBOARD_UPDATES, LeaderboardUpdate.class))
                    .extracting(LeaderboardUpdate::getEventId).containsExactlyElementsOf(first);
        }
        assertThat(first).doesNotHaveDuplicates();
    }

    @Test
    void changesWithinOneSnapshotIntervalShareOneSnapshotOfTheLatestSeqAndAQuietBoardWritesNone() {
        h.sendWithoutTick(session(1, App.TYPING, "2026-11-20T10:00:00Z", "a1", 50, 0));
        h.sendWithoutTick(session(2, App.TYPING, "2026-11-20T10:01:00Z", "a2", 70, 0));
        h.sendWithoutTick(session(3, App.TYPING, "2026-11-20T10:02:00Z", "a3", 60, 0));
        // Updates leave at once, each with its own seq; the snapshot waits for the interval.
        assertThat(updates()).containsExactly(
                "seq1 u1 #1 prev=null +0",
                "seq2 u2 #1 prev=null +0", "seq2 u1 #2 prev=1 -1",
                "seq3 u3 #2 prev=null +0", "seq3 u1 #3 prev=2 -1");
        assertThat(snapshots()).isEmpty();

        h.tick();
        List<LeaderboardSnapshot> one = snapshots();
        assertThat(one).hasSize(1);
        assertThat(one.get(0).getSeq()).isEqualTo(3);
        assertThat(users(one.get(0))).containsExactly(2L, 3L, 1L);
        assertThat(one.get(0).getTimestamp()).isEqualTo(java.time.Instant.parse("2026-11-20T10:02:00Z"));

        h.tick().tick();
        assertThat(snapshots()).isEmpty();
    }
}
