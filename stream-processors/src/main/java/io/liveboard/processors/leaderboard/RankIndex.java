package io.liveboard.processors.leaderboard;

import java.util.Arrays;

/**
 * An order-statistic set of leaderboard entries: insert, remove, rank-of and entry-at-rank in
 * O(log n) expected time, for every user, not just the top N.
 * <p>
 * Order: higher value first; on equal values, who reached the value first (earlier event time); then
 * the lower user id. The key (value, reachedAt, userId) is unique per user, so an entry is found by its
 * key and no user-to-node map is needed (the caller knows each user's current key from its store).
 * <p>
 * A treap (binary search tree by key, heap by priority) with subtree sizes, kept in parallel primitive
 * arrays: about 40 bytes per entry and no object per node, so a million users cost ~40 MB and little GC.
 * Priorities are a hash of the user id, so the shape is a deterministic function of the contents.
 * Not thread-safe: each Kafka Streams task owns its own index.
 */
public final class RankIndex {

    private static final int NIL = 0;

    private double[] value;
    private long[] reachedAt;
    private long[] userId;
    private int[] left;
    private int[] right;
    private int[] size;
    private int[] priority;
    private int root = NIL;
    private int used = 1; // slot 0 is NIL
    private int[] free = new int[16];
    private int freeCount;

    public RankIndex() {
        this(16);
    }

    public RankIndex(int capacity) {
        int c = Math.max(2, capacity + 1);
        value = new double[c];
        reachedAt = new long[c];
        userId = new long[c];
        left = new int[c];
        right = new int[c];
        size = new int[c];
        priority = new int[c];
    }

    public int size() {
        return size[root];
    }

    /** Adds an entry; the key must not be present. */
    public void insert(double v, long at, long user) {
        int node = allocate(v, at, user);
        root = insert(root, node);
    }

    /** Removes the entry with exactly this key; returns false when absent. */
    public boolean remove(double v, long at, long user) {
        int before = size[root];
        root = remove(root, v, at, user);
        return size[root] < before;
    }

    /** The 1-based rank of the entry with this key, or 0 when absent. */
    public int rank(double v, long at, long user) {
        int node = root;
        int rank = 0;
        while (node != NIL) {
            int c = compare(v, at, user, node);
            if (c < 0) {
                node = left[node];
            } else if (c > 0) {
                rank += size[left[node]] + 1;
                node = right[node];
            } else {
                return rank + size[left[node]] + 1;
            }
        }
        return 0;
    }

    /** The entry at a 1-based rank, or null when the rank is beyond the size. */
    public Entry at(int rank) {
        if (rank < 1 || rank > size[root]) {
            return null;
        }
        int node = root;
        int k = rank;
        while (true) {
            int l = size[left[node]];
            if (k <= l) {
                node = left[node];
            } else if (k == l + 1) {
                return entry(node);
            } else {
                k -= l + 1;
                node = right[node];
            }
        }
    }

    /** The first {@code n} entries in rank order: O(n + log size). */
    public Entry[] top(int n) {
        int count = Math.min(n, size[root]);
        Entry[] result = new Entry[count];
        int[] stack = new int[64];
        int depth = 0;
        int node = root;
        int i = 0;
        while (i < count && (node != NIL || depth > 0)) {
            while (node != NIL) {
                if (depth == stack.length) {
                    stack = Arrays.copyOf(stack, depth * 2);
                }
                stack[depth++] = node;
                node = left[node];
            }
            node = stack[--depth];
            result[i++] = entry(node);
            node = right[node];
        }
        return result;
    }

    /** One entry, as read; the index keeps no objects per entry. */
    public record Entry(double value, long reachedAt, long userId) {
    }

    private Entry entry(int node) {
        return new Entry(value[node], reachedAt[node], userId[node]);
    }

    /** Negative when the key ranks before the node. */
    private int compare(double v, long at, long user, int node) {
        int c = Double.compare(value[node], v);
        if (c != 0) {
            return c;
        }
        c = Long.compare(at, reachedAt[node]);
        if (c != 0) {
            return c;
        }
        return Long.compare(user, userId[node]);
    }

    private int insert(int t, int node) {
        if (t == NIL) {
            return node;
        }
        if (priority[node] > priority[t]) {
            int[] parts = split(t, value[node], reachedAt[node], userId[node]);
            left[node] = parts[0];
            right[node] = parts[1];
            update(node);
            return node;
        }
        if (compare(value[node], reachedAt[node], userId[node], t) < 0) {
            left[t] = insert(left[t], node);
        } else {
            right[t] = insert(right[t], node);
        }
        update(t);
        return t;
    }

    /** Splits t into (keys before the key, keys at or after it). */
    private int[] split(int t, double v, long at, long user) {
        if (t == NIL) {
            return new int[] {NIL, NIL};
        }
        if (compare(v, at, user, t) > 0) {
            int[] parts = split(right[t], v, at, user);
            right[t] = parts[0];
            update(t);
            parts[0] = t;
            return parts;
        }
        int[] parts = split(left[t], v, at, user);
        left[t] = parts[1];
        update(t);
        parts[1] = t;
        return parts;
    }

    private int remove(int t, double v, long at, long user) {
        if (t == NIL) {
            return NIL;
        }
        int c = compare(v, at, user, t);
        if (c < 0) {
            left[t] = remove(left[t], v, at, user);
        } else if (c > 0) {
            right[t] = remove(right[t], v, at, user);
        } else {
            int merged = merge(left[t], right[t]);
            release(t);
            return merged;
        }
        update(t);
        return t;
    }

    private int merge(int a, int b) {
        if (a == NIL) {
            return b;
        }
        if (b == NIL) {
            return a;
        }
        if (priority[a] > priority[b]) {
            right[a] = merge(right[a], b);
            update(a);
            return a;
        }
        left[b] = merge(a, left[b]);
        update(b);
        return b;
    }

    private void update(int t) {
        size[t] = size[left[t]] + size[right[t]] + 1;
    }

    private int allocate(double v, long at, long user) {
        int node;
        if (freeCount > 0) {
            node = free[--freeCount];
        } else {
            if (used == value.length) {
                grow();
            }
            node = used++;
        }
        value[node] = v;
        reachedAt[node] = at;
        userId[node] = user;
        left[node] = NIL;
        right[node] = NIL;
        size[node] = 1;
        priority[node] = mix(user);
        return node;
    }

    private void release(int node) {
        if (freeCount == free.length) {
            free = Arrays.copyOf(free, free.length * 2);
        }
        free[freeCount++] = node;
        size[node] = 0;
        left[node] = NIL;
        right[node] = NIL;
    }

    private void grow() {
        int c = value.length * 2;
        value = Arrays.copyOf(value, c);
        reachedAt = Arrays.copyOf(reachedAt, c);
        userId = Arrays.copyOf(userId, c);
        left = Arrays.copyOf(left, c);
        right = Arrays.copyOf(right, c);
        size = Arrays.copyOf(size, c);
        priority = Arrays.copyOf(priority, c);
    }

    /** A well-mixed hash (SplitMix64's finalizer) of the user id as the heap priority. */
    private static int mix(long x) {
        long z = x + 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        z = z ^ (z >>> 31);
        return (int) (z >>> 33);
    }
}
