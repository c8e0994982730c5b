package io.liveboard.fanout.channel;

/**
 * One connection's subscription to one channel. Lives on the connection's event loop. While its history is
 * replayed it is not live; once live, records at or before its last position are skipped, so a record that both
 * the replay and the live path saw is delivered once.
 */
final class Subscription {

    static final byte PENDING = 0;
    static final byte REPLAYING = 1;
    static final byte LIVE = 2;
    static final byte CLOSED = 3;

    final Connection connection;
    final ChannelState channel;
    /** Index in the channel's subscriber array of this loop. */
    int slot = -1;
    byte state = PENDING;
    int lastPartition = -1;
    long lastOffset = -1;
    /** Leaderboard updates at or below this seq are already in the client's snapshot. */
    long minSeq = Long.MIN_VALUE;
    /** Last offset per partition for a channel whose partition is not known yet; null otherwise. */
    long[] multiTails;
    /** Where the replay stands while not live; null once live. */
    Resume resume;

    Subscription(Connection connection, ChannelState channel) {
        this.connection = connection;
        this.channel = channel;
    }

    /** Whether a live record is new to this subscriber; records the position when it is. */
    boolean accept(int partition, long offset, long seq) {
        if (state != LIVE) {
            return false;
        }
        if (seq >= 0 && seq <= minSeq) {
            return false;
        }
        if (multiTails != null) {
            if (partition < multiTails.length && offset <= multiTails[partition]) {
                return false;
            }
            multiTails = null;
        } else if (partition == lastPartition && offset <= lastOffset) {
            return false;
        }
        lastPartition = partition;
        lastOffset = offset;
        return true;
    }

    /** The state of a replay: the partitions it reads and the next offset of each. */
    static final class Resume {
        final int[] partitions;
        final long[] next;
        final boolean[] endChecked;
        final String sincePos;
        /** A resume by time replays only records from that time on (Kafka starts at the first such offset). */
        long minTimestamp = Long.MIN_VALUE;
        boolean subscribedSent;
        boolean usedKafka;
        int rounds;

        Resume(int[] partitions, long[] next, String sincePos) {
            this.partitions = partitions;
            this.next = next;
            this.endChecked = new boolean[partitions.length];
            this.sincePos = sincePos;
        }
    }
}
