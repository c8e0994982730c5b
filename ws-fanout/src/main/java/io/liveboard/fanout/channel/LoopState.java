package io.liveboard.fanout.channel;

import java.util.concurrent.ScheduledFuture;

import io.netty.channel.EventLoop;

/** The connections of one event loop; touched only on that loop. */
public final class LoopState {

    final EventLoop loop;
    final int index;
    ScheduledFuture<?> heartbeat;
    private Connection[] connections = new Connection[16];
    private int size;

    LoopState(EventLoop loop, int index) {
        this.loop = loop;
        this.index = index;
    }

    void add(Connection c) {
        if (size == connections.length) {
            connections = java.util.Arrays.copyOf(connections, size * 2);
        }
        c.slot = size;
        connections[size++] = c;
    }

    void remove(Connection c) {
        int slot = c.slot;
        if (slot < 0 || slot >= size || connections[slot] != c) {
            return;
        }
        Connection last = connections[--size];
        connections[slot] = last;
        last.slot = slot;
        connections[size] = null;
        c.slot = -1;
        if (connections.length > 64 && size < connections.length / 4) {
            connections = java.util.Arrays.copyOf(connections, connections.length / 2);
        }
    }

    /** Finds a connection by id (REST calls; rare, so a scan beats a map entry per connection). */
    Connection find(long id) {
        for (int i = 0; i < size; i++) {
            if (connections[i].id == id) {
                return connections[i];
            }
        }
        return null;
    }

    /** Heartbeat: close peers that did not answer the last ping and connections whose token expired; ping the rest. */
    void sweep(Hub hub) {
        long now = System.currentTimeMillis();
        // Iterate backwards: closing may remove the current connection (swap with the last).
        for (int i = size - 1; i >= 0; i--) {
            if (i < size) {
                connections[i].heartbeat(now);
            }
        }
    }

    /** The node caught up with Kafka: subscribes held until then run now. */
    void releaseHeldSubscribes() {
        for (int i = size - 1; i >= 0; i--) {
            if (i < size) {
                connections[i].releaseHeldSubscribes();
            }
        }
    }

    /** Tells every connection of this loop to reconnect elsewhere (graceful shutdown). */
    void closeAll(int code, String reason) {
        for (int i = size - 1; i >= 0; i--) {
            if (i < size) {
                connections[i].close(code, reason);
            }
        }
    }

    public EventLoop loop() {
        return loop;
    }

    int size() {
        return size;
    }
}
