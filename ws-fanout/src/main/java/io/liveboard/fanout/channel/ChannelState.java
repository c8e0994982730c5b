package io.liveboard.fanout.channel;

import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;

import io.liveboard.catalog.Channel;
import io.liveboard.fanout.protocol.ServerMessages;

/**
 * A channel with subscribers on this node: its subscribers grouped by event loop (each group touched only by its
 * loop) and a bit mask of the loops that have any, which the live consumer reads to know where to send a message.
 */
final class ChannelState {

    private static final AtomicIntegerFieldUpdater<ChannelState> MASK =
            AtomicIntegerFieldUpdater.newUpdater(ChannelState.class, "loopMask");

    final Channel channel;
    final String name;
    final byte[] quotedName;
    volatile int loopMask;
    private final Subscription[][] byLoop = new Subscription[Loops.MAX][];
    private final int[] sizes = new int[Loops.MAX];
    /** Subscribers on all loops; changed only inside the registry's atomic map operations. */
    int total;

    ChannelState(Channel channel) {
        this.channel = channel;
        this.name = channel.name();
        this.quotedName = ServerMessages.quoted(name);
    }

    /** On loop {@code loop}. */
    void add(int loop, Subscription s) {
        Subscription[] subs = byLoop[loop];
        int size = sizes[loop];
        if (subs == null) {
            subs = byLoop[loop] = new Subscription[2];
        } else if (size == subs.length) {
            subs = byLoop[loop] = java.util.Arrays.copyOf(subs, size * 2);
        }
        s.slot = size;
        subs[size] = s;
        sizes[loop] = size + 1;
        if (size == 0) {
            int bit = 1 << loop;
            MASK.getAndUpdate(this, m -> m | bit);
        }
    }

    /** On loop {@code loop}. */
    void remove(int loop, Subscription s) {
        Subscription[] subs = byLoop[loop];
        int size = sizes[loop];
        int slot = s.slot;
        if (subs == null || slot < 0 || slot >= size || subs[slot] != s) {
            return;
        }
        Subscription last = subs[size - 1];
        subs[slot] = last;
        last.slot = slot;
        subs[size - 1] = null;
        s.slot = -1;
        sizes[loop] = size - 1;
        if (size - 1 == 0) {
            int bit = 1 << loop;
            MASK.getAndUpdate(this, m -> m & ~bit);
            byLoop[loop] = null;
        } else if (subs.length > 16 && size - 1 < subs.length / 4) {
            byLoop[loop] = java.util.Arrays.copyOf(subs, subs.length / 2);
        }
    }

    /** On loop {@code loop}: its subscribers (the array may be longer than {@link #size}). */
    Subscription[] subscribers(int loop) {
        return byLoop[loop];
    }

    int size(int loop) {
        return sizes[loop];
    }
}
