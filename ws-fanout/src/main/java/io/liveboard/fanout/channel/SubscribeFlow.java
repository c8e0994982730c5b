package io.liveboard.fanout.channel;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import io.liveboard.catalog.Channel;
import io.liveboard.catalog.ChannelKind;
import io.liveboard.catalog.InvalidChannelException;
import io.liveboard.catalog.Topic;
import io.liveboard.fanout.history.HistoryStore;
import io.liveboard.fanout.history.PartitionHistory;
import io.liveboard.fanout.history.Rec;
import io.liveboard.fanout.kafka.KafkaHistoryReader;
import io.liveboard.fanout.protocol.CloseCodes;
import io.liveboard.fanout.protocol.ErrorCode;
import io.liveboard.fanout.protocol.Position;
import io.liveboard.fanout.protocol.ProtocolException;
import io.liveboard.fanout.protocol.ServerMessages;
import io.liveboard.fanout.protocol.Since;
import org.apache.kafka.common.utils.Utils;

/**
 * Subscribe, resume and unsubscribe (docs/protocol.md), on the connection's event loop.
 * <p>
 * Why there is never a gap or a duplicate: a subscription joins its channel first and reads the in-memory
 * history second. The live consumer appends a record to the history before it hands it to the loops, so every
 * record is either already in the history when the subscription reads it, or reaches the subscription live
 * afterwards. Records both ways are dropped by position ({@link Subscription#accept}). A replay that needs Kafka
 * reads it on the history reader's thread, chunk by chunk, then finishes from memory the same way.
 */
final class SubscribeFlow {

    private static final int MAX_ROUNDS = 100_000;

    private final Hub hub;

    SubscribeFlow(Hub hub) {
        this.hub = hub;
    }

    /** Null when accepted (replies follow on the socket); the error to report otherwise. */
    ProtocolException subscribe(Connection c, String name, String sinceText) {
        Channel channel;
        try {
            channel = Channel.parse(name);
        } catch (InvalidChannelException e) {
            return new ProtocolException(ErrorCode.INVALID_CHANNEL, e.getMessage());
        }
        if (!channel.allows(c.userId())) {
            return new ProtocolException(ErrorCode.FORBIDDEN, c.userId() == null
                    ? "sign in to subscribe to " + channel.name()
                    : channel.name() + " belongs to another user");
        }
        Since since;
        try {
            since = Since.parse(sinceText);
        } catch (ProtocolException e) {
            return e;
        }
        if (!hub.caughtUp()) {
            // Answering now would hand out an empty or stale snapshot: the reply waits until the node has read
            // what Kafka held when it started (Connection#awaitCatchUp).
            if (!c.isWaiting(channel.name()) && c.subscriptionCount() + c.waitingCount() >= maxSubscriptions()) {
                return tooManySubscriptions();
            }
            c.awaitCatchUp(channel.name(), sinceText);
            return null;
        }
        PartitionHistory[] parts = hub.history.partitions(channel.topic());
        if (parts.length == 0) {
            return new ProtocolException(ErrorCode.UNAVAILABLE, "this node has not reached Kafka yet; try again");
        }
        int partition = channel.partitionKey().map(key -> partitionFor(key, parts.length)).orElse(-1);
        Subscription existing = c.find(channel.name());
        if (existing != null) {
            // A repeated subscribe starts over: that is how a client asks for a fresh snapshot.
            c.remove(existing);
        } else if (c.subscriptionCount() >= maxSubscriptions()) {
            return tooManySubscriptions();
        }
        // Validate the position before joining, so a bad one leaves nothing behind.
        int[] active = null;
        long[] from = null;
        if (since instanceof Since.At at) {
            Position pos = at.position();
            if (pos.isVector()) {
                if (pos.partitionCount() != parts.length) {
                    active = null; // the topic changed shape: history cannot be matched, start fresh
                } else if (partition >= 0) {
                    active = new int[] {partition};
                    from = new long[] {pos.offsetIn(partition) + 1};
                } else {
                    active = allPartitions(parts.length);
                    from = new long[parts.length];
                    for (int p = 0; p < parts.length; p++) {
                        from[p] = pos.offsetIn(p) + 1;
                    }
                }
            } else {
                if (pos.partition() >= parts.length || (partition >= 0 && pos.partition() != partition)) {
                    return new ProtocolException(ErrorCode.BAD_SINCE, "position " + pos.encode()
                            + " does not belong to " + channel.name());
                }
                active = new int[] {pos.partition()};
                from = new long[] {pos.offset() + 1};
            }
        }
        Subscription s = join(c, channel);
        if (since == null) {
            fresh(s, null);
        } else if (since instanceof Since.At at) {
            if (active == null) {
                hub.metrics.resumeLost();
                fresh(s, false);
            } else {
                s.resume = new Subscription.Resume(active, from, at.position().encode());
                advance(s);
            }
        } else if (since instanceof Since.After after) {
            resumeAfter(s, partition >= 0 ? new int[] {partition} : allPartitions(parts.length),
                    after.time().toEpochMilli());
        }
        return null;
    }

    private int maxSubscriptions() {
        return hub.props.limits().maxSubscriptions();
    }

    private ProtocolException tooManySubscriptions() {
        return new ProtocolException(ErrorCode.TOO_MANY_SUBSCRIPTIONS, "at most " + maxSubscriptions()
                + " subscriptions per connection");
    }

    ProtocolException unsubscribe(Connection c, String name) {
        if (c.cancelWaiting(name)) {
            c.sendReply(ServerMessages.unsubscribed(name));
            return null;
        }
        Subscription s = c.find(name);
        if (s == null) {
            return new ProtocolException(ErrorCode.NOT_SUBSCRIBED, "not subscribed to " + name);
        }
        c.remove(s);
        c.sendReply(ServerMessages.unsubscribed(name));
        return null;
    }

    private Subscription join(Connection c, Channel channel) {
        ChannelState cs = hub.registry.reserve(channel);
        Subscription s = new Subscription(c, cs);
        cs.add(c.loop, s);
        c.add(s);
        return s;
    }

    /** No usable history: the snapshot where the channel has one, then live from here. */
    private void fresh(Subscription s, Boolean recovered) {
        Channel channel = s.channel.channel;
        PartitionHistory[] parts = hub.history.partitions(channel.topic());
        int partition = channel.partitionKey().map(key -> partitionFor(key, parts.length)).orElse(-1);
        Connection c = s.connection;
        if (channel.kind() == ChannelKind.LEADERBOARD) {
            HistoryStore.Snapshot snapshot = hub.history.snapshot(channel.subject());
            PartitionHistory ph = parts[partition];
            long minSeq = snapshot == null ? Long.MIN_VALUE : snapshot.seq();
            s.minSeq = minSeq;
            if (snapshot != null && !ph.reachesBack(s.channel.name, snapshot.seq())) {
                // The snapshot lags more than memory reaches back: find the updates after it in Kafka.
                long tail = ph.nextOffset() - 1;
                c.sendReply(ServerMessages.subscribed(s.channel.name, recovered,
                        Position.of(partition, tail).encode(), snapshot.json()));
                long at = snapshot.timestampMs() - hub.props.history().snapshotLookback().toMillis();
                lookupTime(s, new int[] {partition}, at, lookup -> {
                    s.resume = new Subscription.Resume(new int[] {partition}, lookup.offsets(), null);
                    s.resume.subscribedSent = true;
                    advance(s);
                });
                return;
            }
            // Without a snapshot there is nothing the updates in memory would complete: go live from here.
            PartitionHistory.Read read = ph.read(s.channel.name, snapshot == null ? Long.MAX_VALUE : ph.coveredFrom(),
                    minSeq);
            c.sendReply(ServerMessages.subscribed(s.channel.name, recovered,
                    Position.of(partition, read.tail()).encode(), snapshot == null ? null : snapshot.json()));
            s.resume = new Subscription.Resume(new int[] {partition}, new long[] {read.tail() + 1}, null);
            s.resume.subscribedSent = true;
            replayThenAdvance(s, read.records());
            return;
        }
        if (channel.kind() == ChannelKind.ACTIVITY) {
            PartitionHistory.Latest latest = parts[partition].latest(s.channel.name);
            c.sendReply(ServerMessages.subscribed(s.channel.name, recovered,
                    Position.of(partition, latest.tail()).encode(),
                    ServerMessages.activitySnapshot(latest.messages())));
            goLive(s, new int[] {partition}, new long[] {latest.tail() + 1}, parts.length);
            return;
        }
        int[] active = partition >= 0 ? new int[] {partition} : allPartitions(parts.length);
        long[] next = new long[active.length];
        long[] tails = new long[active.length];
        for (int i = 0; i < active.length; i++) {
            next[i] = parts[active[i]].nextOffset();
            tails[i] = next[i] - 1;
        }
        String pos = active.length == 1 ? Position.of(active[0], tails[0]).encode() : Position.vector(tails).encode();
        c.sendReply(ServerMessages.subscribed(s.channel.name, recovered, pos, null));
        goLive(s, active, next, parts.length);
    }

    /** Resume from a time: memory answers where it reaches back that far, Kafka otherwise. */
    private void resumeAfter(Subscription s, int[] active, long timestampMs) {
        PartitionHistory[] parts = hub.history.partitions(s.channel.channel.topic());
        long[] from = new long[active.length];
        boolean known = true;
        for (int i = 0; i < active.length && known; i++) {
            from[i] = parts[active[i]].offsetForTime(timestampMs);
            known = from[i] >= 0;
        }
        if (known) {
            s.resume = new Subscription.Resume(active, from, positionBefore(active, from, parts.length));
            s.resume.minTimestamp = timestampMs;
            advance(s);
            return;
        }
        lookupTime(s, active, timestampMs, lookup -> {
            if (lookup.lost()) {
                hub.metrics.resumeLost();
                fresh(s, false);
                return;
            }
            s.resume = new Subscription.Resume(active, lookup.offsets(),
                    positionBefore(active, lookup.offsets(), parts.length));
            s.resume.minTimestamp = timestampMs;
            s.resume.usedKafka = true;
            advance(s);
        });
    }

    private void lookupTime(Subscription s, int[] active, long timestampMs,
                            java.util.function.Consumer<KafkaHistoryReader.TimeLookup> then) {
        KafkaHistoryReader reader = hub.reader;
        Connection c = s.connection;
        boolean queued = reader != null && reader.offsetsForTime(s.channel.channel.topic(), active, timestampMs,
                lookup -> onLoop(c, () -> {
                    if (s.state == Subscription.CLOSED) {
                        return;
                    }
                    if (lookup.error() != null) {
                        unavailable(s, "cannot read history from Kafka right now");
                        return;
                    }
                    then.accept(lookup);
                }));
        if (!queued) {
            unavailable(s, "too many history reads in progress; try again");
        }
    }

    /**
     * Moves a replay on: Kafka for what memory no longer holds, then memory, then live. Called again each time a
     * chunk has been written to the client.
     */
    void advance(Subscription s) {
        Subscription.Resume r = s.resume;
        if (s.state == Subscription.CLOSED || r == null) {
            return;
        }
        if (++r.rounds > MAX_ROUNDS) {
            s.connection.close(CloseCodes.INTERNAL_ERROR, "replay did not converge");
            return;
        }
        Topic topic = s.channel.channel.topic();
        PartitionHistory[] parts = hub.history.partitions(topic);
        for (int i = 0; i < r.partitions.length; i++) {
            PartitionHistory ph = parts[r.partitions[i]];
            long covered = ph.coveredFrom();
            boolean future = r.next[i] > ph.nextOffset() && !r.endChecked[i];
            if (r.next[i] < covered || future) {
                // Kafka: the part memory no longer has, or a check that a position ahead of this node is real.
                r.usedKafka |= !future;
                s.state = Subscription.PENDING;
                readKafka(s, i, r.next[i], future ? r.next[i] : covered);
                return;
            }
        }
        List<Rec> records = new ArrayList<>();
        for (int i = 0; i < r.partitions.length; i++) {
            PartitionHistory.Read read = parts[r.partitions[i]].read(s.channel.name, r.next[i], s.minSeq);
            if (!read.covered()) {
                advance(s); // memory moved on between the checks: go around again
                return;
            }
            addFrom(records, read.records(), r.minTimestamp);
            r.next[i] = Math.max(r.next[i], read.tail() + 1);
        }
        markSubscribed(s, true);
        if (records.isEmpty()) {
            goLive(s, r.partitions, r.next, parts.length);
        } else {
            s.state = Subscription.REPLAYING;
            s.connection.enqueueReplay(s, records);
        }
    }

    private void replayThenAdvance(Subscription s, List<Rec> records) {
        if (records.isEmpty()) {
            advance(s);
        } else {
            s.state = Subscription.REPLAYING;
            s.connection.enqueueReplay(s, records);
        }
    }

    private void readKafka(Subscription s, int index, long from, long to) {
        KafkaHistoryReader reader = hub.reader;
        Subscription.Resume r = s.resume;
        int partition = r.partitions[index];
        Connection c = s.connection;
        boolean queued = reader != null && reader.read(s.channel.channel.topic(), partition, from, to,
                s.channel.name, s.minSeq, chunk -> onLoop(c, () -> onChunk(s, r, index, chunk)));
        if (!queued) {
            unavailable(s, "too many history reads in progress; try again");
        }
    }

    private void onChunk(Subscription s, Subscription.Resume r, int index, KafkaHistoryReader.Chunk chunk) {
        if (s.state == Subscription.CLOSED || s.resume != r) {
            return;
        }
        if (chunk.error() != null) {
            if (r.subscribedSent) {
                s.connection.close(CloseCodes.TRY_AGAIN_LATER, "cannot read history from Kafka right now");
            } else {
                unavailable(s, "cannot read history from Kafka right now");
            }
            return;
        }
        if (chunk.lost() || chunk.beyondEnd()) {
            if (r.subscribedSent) {
                // Retention deleted history while it was being replayed: the client resumes and learns it.
                s.connection.close(CloseCodes.SLOW_CONSUMER, "history moved on during the replay; resume again");
            } else {
                hub.metrics.resumeLost();
                s.resume = null;
                fresh(s, false);
            }
            return;
        }
        r.endChecked[index] = true;
        r.next[index] = Math.max(r.next[index], chunk.next());
        List<Rec> records = new ArrayList<>(chunk.records().size());
        addFrom(records, chunk.records(), r.minTimestamp);
        if (records.isEmpty()) {
            advance(s);
        } else {
            markSubscribed(s, true);
            s.state = Subscription.REPLAYING;
            s.connection.enqueueReplay(s, records);
        }
    }

    private void markSubscribed(Subscription s, boolean recovered) {
        Subscription.Resume r = s.resume;
        if (r.subscribedSent) {
            return;
        }
        r.subscribedSent = true;
        if (r.usedKafka) {
            hub.metrics.resumedFromKafka();
        } else {
            hub.metrics.resumedFromMemory();
        }
        s.connection.sendReply(ServerMessages.subscribed(s.channel.name, recovered, r.sincePos, null));
    }

    private void goLive(Subscription s, int[] active, long[] next, int partitionCount) {
        if (active.length == 1) {
            s.lastPartition = active[0];
            s.lastOffset = next[0] - 1;
        } else {
            long[] tails = new long[partitionCount];
            java.util.Arrays.fill(tails, Long.MAX_VALUE);
            for (int i = 0; i < active.length; i++) {
                tails[active[i]] = next[i] - 1;
            }
            s.multiTails = tails;
        }
        s.resume = null;
        s.state = Subscription.LIVE;
    }

    private void unavailable(Subscription s, String message) {
        Connection c = s.connection;
        c.remove(s);
        c.sendError(s.channel.name, ErrorCode.UNAVAILABLE, message);
    }

    private static void addFrom(List<Rec> out, List<Rec> records, long minTimestamp) {
        for (Rec rec : records) {
            if (rec.timestamp() >= minTimestamp) {
                out.add(rec);
            }
        }
    }

    private static void onLoop(Connection c, Runnable task) {
        try {
            c.ctx.executor().execute(task);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // The node is shutting down; the client reconnects elsewhere.
        }
    }

    private static String positionBefore(int[] active, long[] from, int partitionCount) {
        if (active.length == 1) {
            return Position.of(active[0], from[0] - 1).encode();
        }
        long[] tails = new long[partitionCount];
        for (int i = 0; i < active.length; i++) {
            tails[active[i]] = from[i] - 1;
        }
        return Position.vector(tails).encode();
    }

    static int[] allPartitions(int count) {
        int[] all = new int[count];
        for (int i = 0; i < count; i++) {
            all[i] = i;
        }
        return all;
    }

    /** The partition Kafka's default partitioner picks for a string key (murmur2, as producers and Streams do). */
    static int partitionFor(String key, int partitions) {
        return Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % partitions;
    }
}
