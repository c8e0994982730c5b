package io.liveboard.fanout.history;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.liveboard.catalog.ChannelKind;
import io.liveboard.fanout.protocol.Position;
import io.liveboard.fanout.protocol.ServerMessages;

/**
 * The recent records of one partition, in offset order, in a ring of bounded size, plus the latest items of
 * each activity channel living in the partition. One writer (the live consumer), readers on event loops;
 * a plain monitor because reads are rare (subscribes) and uncontended locking is cheap.
 * <p>
 * {@link #coveredFrom} is the offset from which every record of the partition is in the ring: a resume from
 * there on is served from memory, anything older needs Kafka. {@link #nextOffset} is the position the live
 * consumer has reached; offsets below it have been dispatched to subscribers (or are about to be).
 */
public final class PartitionHistory {

    private final int partition;
    private final Rec[] ring;
    private final int activityItems;
    private int head;
    private int size;
    /** Nothing is covered until the live consumer says where it starts. */
    private long coveredFrom = Long.MAX_VALUE;
    private long nextOffset;
    private boolean fromLogStart;
    private final Map<String, ArrayDeque<Item>> latest = new HashMap<>();

    private record Item(long offset, byte[] message) {
    }

    public PartitionHistory(int partition, int capacity, int activityItems) {
        this.partition = partition;
        this.ring = new Rec[Math.max(1, capacity)];
        this.activityItems = activityItems;
    }

    public int partition() {
        return partition;
    }

    /** The live consumer starts reading at {@code start}; {@code logStart} is the oldest offset Kafka holds. */
    public synchronized void reset(long start, long logStart) {
        java.util.Arrays.fill(ring, null);
        head = 0;
        size = 0;
        coveredFrom = start;
        nextOffset = start;
        fromLogStart = start <= logStart;
        latest.clear();
    }

    public synchronized void append(Rec rec) {
        if (size == ring.length) {
            Rec evicted = ring[head];
            coveredFrom = evicted.offset() + 1;
            fromLogStart = false;
            ring[head] = rec;
            head = (head + 1) % ring.length;
        } else {
            ring[(head + size) % ring.length] = rec;
            size++;
        }
        nextOffset = Math.max(nextOffset, rec.offset() + 1);
        for (String channel : rec.channels()) {
            if (channel.startsWith("activity:") && activityItems > 0) {
                ArrayDeque<Item> items = latest.computeIfAbsent(channel, c -> new ArrayDeque<>(activityItems));
                if (items.size() == activityItems) {
                    items.pollFirst();
                }
                items.addLast(new Item(rec.offset(), ServerMessages.eventBytes(rec.quotedType(),
                        ServerMessages.quoted(channel), Position.of(partition, rec.offset()).encode(), rec.data())));
            }
        }
    }

    /** The live consumer's position after a poll (may pass transaction markers that are not records). */
    public synchronized void advance(long position) {
        nextOffset = Math.max(nextOffset, position);
    }

    public synchronized long nextOffset() {
        return nextOffset;
    }

    public synchronized long coveredFrom() {
        return coveredFrom;
    }

    /**
     * Records of {@code channel} with offset at or after {@code from} and seq above {@code minSeq}, and the tail
     * the read reflects; {@code covered} is false when records at or after {@code from} may be missing from
     * memory (then nothing is returned).
     */
    public synchronized Read read(String channel, long from, long minSeq) {
        long tail = nextOffset - 1;
        if (from < coveredFrom) {
            return new Read(false, List.of(), tail);
        }
        List<Rec> out = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            Rec rec = ring[(head + i) % ring.length];
            if (rec.offset() >= from && rec.seq() > minSeq && rec.belongsTo(channel)) {
                out.add(rec);
            }
        }
        return new Read(true, out, tail);
    }

    /**
     * Whether the ring has every update of a leaderboard channel after {@code seq}: its oldest one of the channel
     * has a seq at or below it, or right after it, or the ring has the whole partition.
     */
    public synchronized boolean reachesBack(String channel, long seq) {
        if (fromLogStart) {
            return true;
        }
        for (int i = 0; i < size; i++) {
            Rec rec = ring[(head + i) % ring.length];
            if (rec.belongsTo(channel)) {
                return rec.seq() <= seq + 1;
            }
        }
        // No update of the channel for as long as memory reaches back: a snapshot lagging that far behind its
        // own updates does not happen once the node has caught up (both are read by one consumer).
        return true;
    }

    /**
     * The first offset whose record has a timestamp at or after {@code timestampMs}, when memory can tell
     * (the ring reaches back before that time, or holds the whole partition); -1 otherwise.
     */
    public synchronized long offsetForTime(long timestampMs) {
        boolean reaches = fromLogStart || (size > 0 && ring[head].timestamp() < timestampMs);
        if (!reaches) {
            return -1;
        }
        for (int i = 0; i < size; i++) {
            Rec rec = ring[(head + i) % ring.length];
            if (rec.timestamp() >= timestampMs) {
                return rec.offset();
            }
        }
        return nextOffset;
    }

    /** The latest activity items of a channel (event messages, oldest first) and the tail they reflect. */
    public synchronized Latest latest(String channel) {
        ArrayDeque<Item> items = latest.get(channel);
        List<byte[]> messages = new ArrayList<>(items == null ? 0 : items.size());
        if (items != null) {
            for (Item item : items) {
                messages.add(item.message());
            }
        }
        return new Latest(messages, nextOffset - 1);
    }

    public record Read(boolean covered, List<Rec> records, long tail) {
    }

    public record Latest(List<byte[]> messages, long tail) {
    }
}
