package io.liveboard.processors.leaderboard;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.liveboard.catalog.ActivityFeed;
import io.liveboard.catalog.Category;
import io.liveboard.catalog.Channel;
import io.liveboard.catalog.FeedItemKind;
import io.liveboard.catalog.Topic;
import io.liveboard.events.ActivityItem;
import io.liveboard.events.EventIds;
import io.liveboard.events.LeaderboardEntry;
import io.liveboard.events.LeaderboardSnapshot;
import io.liveboard.events.LeaderboardUpdate;
import io.liveboard.events.RankChanged;
import io.liveboard.processors.achievement.Achievements;
import io.liveboard.processors.achievement.RankReached;
import io.liveboard.processors.activity.FeedItems;
import io.liveboard.processors.output.Emitted;
import io.liveboard.processors.output.StageOutput;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The leaderboard stage (key category). Exact ranks for every user come from a {@link RankIndex} per
 * category, held in memory and <b>rebuilt in {@link #init} from the changelogged entries store</b>:
 * Kafka Streams initializes processors only after their stores are restored, and again after any
 * dirty close or task migration, so the index always mirrors exactly the committed store contents
 * (the store is the truth, the index a derived view; both change in the same transaction's processing).
 * <p>
 * Per change (a user's value or tie-break time moved): the category's {@code seq} goes up by one;
 * {@code leaderboard.update} for the mover wherever they are and for every top-N entry whose rank
 * changed (an entry pushed out gets its new rank, N+1, so clients drop it), all with that seq;
 * {@code rank.changed} to each of those users whose rank moved. A session that left the value as it was
 * only samples velocity.
 * <p>
 * <b>Snapshots are coalesced</b>: a changed category is marked, and a wall-clock punctuator (every
 * snapshot interval, the commit interval by default) writes one {@code leaderboard.snapshot} of the top N
 * with the category's latest seq, inside the transaction that commits next or the one after. The snapshot
 * topic is compacted and read_committed readers see a transaction at once, so snapshots of every change
 * in between would be superseded before anyone could use them; writing each one cost two thirds of the
 * output bytes (BENCHMARKS.md). A reader that takes a snapshot at seq S applies updates after S, so a
 * snapshot that trails the updates by a commit loses nothing. The cause of the last change is kept in
 * the changelogged {@link BoardState}, and after every init (restart, migration) each category's snapshot
 * is written once more, so a change committed just before a crash still gets its snapshot.
 */
final class LeaderboardProcessor implements Processor<String, BoardChange, String, StageOutput> {

    static final String ENTRIES_STORE = "leaderboard-entries";
    static final String STATE_STORE = "leaderboard-state";
    private static final int CACHE_ENTRIES = 10_000;
    private static final int VELOCITY_SESSIONS = 5;

    private final int topN;
    private final Duration snapshotInterval;
    /** Categories changed since their last snapshot was written, with their state after the change. */
    private final Map<String, BoardState> unsnapshotted = new LinkedHashMap<>();
    private ProcessorContext<String, StageOutput> context;
    private KeyValueStore<String, BoardEntry> entries;
    private KeyValueStore<String, BoardState> states;
    private Map<String, RankIndex> indexes;
    private Map<String, BoardEntry> cache;

    LeaderboardProcessor(int topN, Duration snapshotInterval) {
        this.topN = topN;
        this.snapshotInterval = snapshotInterval;
    }

    @Override
    public void init(ProcessorContext<String, StageOutput> context) {
        this.context = context;
        this.entries = context.getStateStore(ENTRIES_STORE);
        this.states = context.getStateStore(STATE_STORE);
        this.cache = new LinkedHashMap<>(1024, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, BoardEntry> eldest) {
                return size() > CACHE_ENTRIES;
            }
        };
        this.indexes = new HashMap<>();
        try (KeyValueIterator<String, BoardEntry> it = entries.all()) {
            while (it.hasNext()) {
                KeyValue<String, BoardEntry> kv = it.next();
                int slash = kv.key.lastIndexOf('/');
                String category = kv.key.substring(0, slash);
                long user = Long.parseLong(kv.key.substring(slash + 1));
                index(category).insert(kv.value.value, kv.value.reachedAt, user);
            }
        }
        try (KeyValueIterator<String, BoardState> it = states.all()) {
            while (it.hasNext()) {
                KeyValue<String, BoardState> kv = it.next();
                unsnapshotted.put(kv.key, kv.value);
            }
        }
        context.schedule(snapshotInterval, PunctuationType.WALL_CLOCK_TIME, now -> writeSnapshots());
    }

    @Override
    public void process(Record<String, BoardChange> record) {
        BoardChange change = record.value();
        String category = change.category();
        RankIndex index = index(category);
        long user = change.userId();
        BoardEntry old = entry(category, user);
        int oldRank = old == null ? 0 : index.rank(old.value, old.reachedAt, user);
        boolean moved = old == null || old.value != change.value() || old.reachedAt != change.reachedAt();
        if (moved) {
            if (old != null) {
                index.remove(old.value, old.reachedAt, user);
            }
            index.insert(change.value(), change.reachedAt(), user);
        }
        int newRank = index.rank(change.value(), change.reachedAt(), user);

        BoardEntry next = new BoardEntry();
        next.username = change.username();
        next.value = change.value();
        next.reachedAt = change.reachedAt();
        if (old != null) {
            next.sessionChanges.addAll(old.sessionChanges);
            next.sessionChanges.add(oldRank - newRank);
            while (next.sessionChanges.size() > VELOCITY_SESSIONS) {
                next.sessionChanges.remove(0);
            }
        }
        putEntry(category, user, next);
        if (!moved) {
            return;
        }

        BoardState state = states.get(category);
        if (state == null) {
            state = new BoardState();
        }
        state.seq++;
        long seq = state.seq;
        Instant at = Instant.ofEpochMilli(change.occurredAt());
        String cause = change.causeEventId();
        long ts = record.timestamp();
        List<StageOutput> out = new ArrayList<>();

        Integer previous = oldRank == 0 ? null : oldRank;
        update(out, category, seq, user, next, newRank, previous, cause, at);
        if (previous == null || newRank < previous) {
            reached(out, user, next.username, category, newRank, cause, change.occurredAt());
        }
        if (previous != null && newRank < previous && newRank <= topN) {
            ActivityItem.Builder item = FeedItems.item(FeedItemKind.RANK_IMPROVED, user, next.username, at)
                    .setCategory(category).setRank(newRank).setPreviousRank(previous).setMetricValue(next.value)
                    .setMessage(next.username + " climbed to #" + newRank + " in " + category + " (from #" + previous + ")");
            out.add(FeedItems.to(ActivityFeed.FEED, item, cause, category));
        }
        // Everyone between the old and the new place shifted by one; only top-N entries are told.
        if (previous == null || newRank < previous) {
            int last = previous == null ? index.size() : previous;
            for (int r = newRank + 1; r <= Math.min(last, topN + 1); r++) {
                shifted(out, index, category, seq, r, r - 1, cause, at);
            }
        } else if (newRank > previous) {
            for (int r = previous; r <= Math.min(newRank - 1, topN); r++) {
                shifted(out, index, category, seq, r, r + 1, cause, at);
                RankIndex.Entry e = index.at(r);
                reached(out, e.userId(), entry(category, e.userId()).username, category, r, cause, change.occurredAt());
            }
        }

        RankIndex.Entry leader = index.at(1);
        if (leader.userId() != state.leaderUserId) {
            String leaderName = entry(category, leader.userId()).username;
            ActivityItem.Builder item = FeedItems.item(FeedItemKind.LEADER_CHANGED, leader.userId(), leaderName, at)
                    .setCategory(category).setRank(1).setMetricValue(leader.value())
                    .setPreviousUserId(state.leaderUserId == 0 ? null : state.leaderUserId)
                    .setPreviousUsername(state.leaderUsername)
                    .setMessage(leaderName + " took #1 in " + category
                            + (state.leaderUsername == null ? "" : " from " + state.leaderUsername));
            out.add(FeedItems.to(ActivityFeed.FEED, item, cause, category, seq));
            state.leaderUserId = leader.userId();
            state.leaderUsername = leaderName;
        }
        state.lastCause = cause;
        state.lastOccurredAt = change.occurredAt();
        state.lastTimestamp = ts;
        states.put(category, state);
        unsnapshotted.put(category, state);
        for (StageOutput o : out) {
            context.forward(o instanceof Emitted e ? e.toRecord(ts) : new Record<>(o.routingKey(), o, ts));
        }
    }

    private void shifted(List<StageOutput> out, RankIndex index, String category, long seq, int rank, int previousRank,
                         String cause, Instant at) {
        RankIndex.Entry e = index.at(rank);
        update(out, category, seq, e.userId(), entry(category, e.userId()), rank, previousRank, cause, at);
    }

    private void update(List<StageOutput> out, String category, long seq, long user, BoardEntry entry, int rank,
                        Integer previousRank, String cause, Instant at) {
        int change = previousRank == null ? 0 : previousRank - rank;
        LeaderboardUpdate update = LeaderboardUpdate.newBuilder()
                .setEventId(EventIds.derive("leaderboard.update", cause, category, user))
                .setCategory(category).setSeq(seq).setRank(rank).setUserId(user).setUsername(entry.username)
                .setMetricValue(entry.value).setPreviousRank(previousRank).setRankChange(change)
                .setVelocity(entry.velocity()).setTimestamp(at).build();
        Category cat = Category.byId(category).orElseThrow();
        out.add(Emitted.of(Topic.LEADERBOARD_UPDATES, category, update, List.of(Channel.leaderboard(cat))));
        if (previousRank == null || previousRank != rank) {
            RankChanged changed = RankChanged.newBuilder()
                    .setEventId(EventIds.derive("rank.changed", cause, category, user))
                    .setCategory(category).setRank(rank).setUserId(user).setUsername(entry.username)
                    .setMetricValue(entry.value).setPreviousRank(previousRank).setRankChange(change)
                    .setVelocity(entry.velocity()).setTimestamp(at).build();
            out.add(Emitted.of(Topic.USER_UPDATES, Long.toString(user), changed, List.of(Channel.userRankChanges(user))));
        }
    }

    private static void reached(List<StageOutput> out, long user, String username, String category, int rank,
                                String cause, long occurredAt) {
        if (rank <= Achievements.RANKS.get(0).value()) {
            out.add(new RankReached(user, username, category, rank, cause, occurredAt));
        }
    }

    private void writeSnapshots() {
        for (Map.Entry<String, BoardState> pending : unsnapshotted.entrySet()) {
            String category = pending.getKey();
            BoardState state = pending.getValue();
            // A state written before the cause was kept has none: its next change writes the snapshot.
            if (state.lastCause != null) {
                Emitted snapshot = snapshot(index(category), category, state.seq, state.lastCause,
                        Instant.ofEpochMilli(state.lastOccurredAt));
                context.forward(snapshot.toRecord(state.lastTimestamp));
            }
        }
        unsnapshotted.clear();
    }

    private Emitted snapshot(RankIndex index, String category, long seq, String cause, Instant at) {
        RankIndex.Entry[] top = index.top(topN);
        List<LeaderboardEntry> rows = new ArrayList<>(top.length);
        for (int i = 0; i < top.length; i++) {
            BoardEntry e = entry(category, top[i].userId());
            rows.add(LeaderboardEntry.newBuilder().setRank(i + 1).setUserId(top[i].userId()).setUsername(e.username)
                    .setMetricValue(top[i].value()).build());
        }
        LeaderboardSnapshot snapshot = LeaderboardSnapshot.newBuilder()
                .setEventId(EventIds.derive("leaderboard.snapshot", category, seq, cause))
                .setCategory(category).setSeq(seq).setTotalRanked(index.size()).setEntries(rows).setTimestamp(at)
                .build();
        Category cat = Category.byId(category).orElseThrow();
        return Emitted.of(Topic.LEADERBOARD_SNAPSHOTS, category, snapshot, List.of(Channel.leaderboard(cat)));
    }

    private RankIndex index(String category) {
        return indexes.computeIfAbsent(category, c -> new RankIndex());
    }

    private BoardEntry entry(String category, long user) {
        String key = category + "/" + user;
        BoardEntry e = cache.get(key);
        if (e == null) {
            e = entries.get(key);
            if (e != null) {
                cache.put(key, e);
            }
        }
        return e;
    }

    private void putEntry(String category, long user, BoardEntry entry) {
        String key = category + "/" + user;
        entries.put(key, entry);
        cache.put(key, entry);
    }
}
