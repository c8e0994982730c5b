package io.liveboard.fanout.channel;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.netty.channel.EventLoop;

/**
 * The Netty event loops connections live on, each with a small index. Per-loop state (its connections, its
 * subscribers of each channel) is touched only from that loop, so the hot path needs no locks: the live consumer
 * hands each loop one task per message and the loop writes to its own subscribers.
 */
public final class Loops {

    /** Loops are tracked in an int bit mask per channel. */
    public static final int MAX = 32;

    private final LoopState[] states = new LoopState[MAX];
    private volatile int count;
    private final long heartbeatMillis;

    Loops(long heartbeatMillis) {
        this.heartbeatMillis = heartbeatMillis;
    }

    /** The index of a loop, registering it (and its heartbeat) on first use. */
    public int indexOf(EventLoop loop) {
        int n = count;
        for (int i = 0; i < n; i++) {
            if (states[i].loop == loop) {
                return i;
            }
        }
        synchronized (this) {
            for (int i = 0; i < count; i++) {
                if (states[i].loop == loop) {
                    return i;
                }
            }
            if (count == MAX) {
                throw new IllegalStateException("more than " + MAX + " event loops");
            }
            LoopState state = new LoopState(loop, count, heartbeatMillis);
            state.heartbeat = loop.scheduleAtFixedRate(state::sweep, heartbeatMillis, heartbeatMillis,
                    TimeUnit.MILLISECONDS);
            states[count] = state;
            count = count + 1;
            return state.index;
        }
    }

    public int count() {
        return count;
    }

    public LoopState state(int index) {
        return states[index];
    }

    public EventLoop loop(int index) {
        return states[index].loop;
    }

    public List<LoopState> all() {
        List<LoopState> out = new ArrayList<>();
        int n = count;
        for (int i = 0; i < n; i++) {
            out.add(states[i]);
        }
        return out;
    }
}
