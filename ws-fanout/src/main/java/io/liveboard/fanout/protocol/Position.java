package io.liveboard.fanout.protocol;

import java.util.Arrays;

/**
 * Where a client is in a channel: the last Kafka offset it has seen in each partition the channel may live in.
 * A channel's records all share one partition, so a position is normally one (partition, offset) pair; session
 * channels, whose partition the name does not tell, may hold one offset per partition of their topic until a
 * record shows which partition they live in. Encoded opaquely for clients:
 * {@code "<partition>-<offset>"} or {@code "~<o0>.<o1>..."}, numbers in base 36.
 * Offsets are Kafka's, so positions are valid on every node and survive restarts.
 */
public final class Position {

    private static final int MAX_PARTITIONS = 4096;

    private final int partition;
    private final long offset;
    private final long[] perPartition;

    private Position(int partition, long offset, long[] perPartition) {
        this.partition = partition;
        this.offset = offset;
        this.perPartition = perPartition;
    }

    /** The client has seen everything up to and including {@code offset} of {@code partition}. */
    public static Position of(int partition, long offset) {
        if (partition < 0 || offset < -1) {
            throw new IllegalArgumentException("bad position " + partition + "/" + offset);
        }
        return new Position(partition, offset, null);
    }

    /** The last offset seen per partition, for a channel whose partition is not known yet. */
    public static Position vector(long[] lastOffsets) {
        return new Position(-1, -1, lastOffsets.clone());
    }

    public boolean isVector() {
        return perPartition != null;
    }

    public int partition() {
        return partition;
    }

    public long offset() {
        return offset;
    }

    public int partitionCount() {
        return perPartition == null ? 0 : perPartition.length;
    }

    /** Last offset seen in partition {@code p} of a vector position. */
    public long offsetIn(int p) {
        return perPartition[p];
    }

    public String encode() {
        if (perPartition == null) {
            return Integer.toString(partition, 36) + "-" + Long.toString(offset, 36);
        }
        StringBuilder sb = new StringBuilder(2 + perPartition.length * 4).append('~');
        for (int i = 0; i < perPartition.length; i++) {
            if (i > 0) {
                sb.append('.');
            }
            sb.append(Long.toString(perPartition[i], 36));
        }
        return sb.toString();
    }

    /** Parses an encoded position; null when the text is not one (it may be a time instead). */
    public static Position parse(String text) {
        if (text == null || text.isEmpty() || text.length() > 4096) {
            return null;
        }
        try {
            if (text.charAt(0) == '~') {
                String[] parts = text.substring(1).split("\\.", -1);
                if (parts.length == 0 || parts.length > MAX_PARTITIONS) {
                    return null;
                }
                long[] offsets = new long[parts.length];
                for (int i = 0; i < parts.length; i++) {
                    offsets[i] = parseOffset(parts[i]);
                }
                return new Position(-1, -1, offsets);
            }
            int dash = text.indexOf('-', 1);
            if (dash < 1) {
                return null;
            }
            int p = Integer.parseInt(text, 0, dash, 36);
            long o = parseOffset(text.substring(dash + 1));
            if (p < 0 || p >= MAX_PARTITIONS) {
                return null;
            }
            return new Position(p, o, null);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static long parseOffset(String s) {
        if (s.isEmpty() || s.charAt(0) == '+') {
            throw new NumberFormatException(s);
        }
        long o = Long.parseLong(s, 36);
        if (o < -1) {
            throw new NumberFormatException(s);
        }
        return o;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Position other && partition == other.partition && offset == other.offset
                && Arrays.equals(perPartition, other.perPartition);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * partition + Long.hashCode(offset)) + Arrays.hashCode(perPartition);
    }

    @Override
    public String toString() {
        return encode();
    }
}
