package io.liveboard.fanout.channel;

import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import io.netty.channel.EventLoop;

/** The connections of one event loop; touched only on that loop. */
public final class LoopState {

    /** Connections a heartbeat pings before letting the loop do other work (~4 ms here). */
    static final int SWEEP_CHUNK = 256;
    static final long MIN_SWEEP_PAUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

    final EventLoop loop;
    final int index;
    ScheduledFuture<?> heartbeat;
    /** How long a heartbeat sweep is spread over: half the heartbeat, so it ends before the next one starts. */
    private final long sweepSpreadNanos;
    /** The current heartbeat sweep's number. */
    private int sweep;
    /** Moves once the loop has been through its I/O after {@link #awaitIoRound} asked for it (Connection#admit). */
    private int ioRound;
    private boolean ioRoundAwaited;
    private Connection[] connections = new Connection[16];
    private int size;

    LoopState(EventLoop loop, int index, long heartbeatMillis) {
        this.loop = loop;
        this.index = index;
        this.sweepSpreadNanos = TimeUnit.MILLISECONDS.toNanos(heartbeatMillis) / 2;
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

    /**
     * Heartbeat: close peers that did not answer the last ping; ping the rest.
     * In chunks: pinging 5,000 connections takes the loop ~80 ms, and handshakes, reads and broadcasts waiting for it
     * would wait that long (BENCHMARKS.md, "the storm tail"). The chunks are spread over half the heartbeat, not run
     * back to back: a sweep in one burst (with the peers' pongs, ~100 ms of both cores here) made each broadcast that
     * met it 40-80 ms late, the slowest broadcasts of a run; spread out, a broadcast meets a chunk at most.
     */
    void sweep() {
        int chunks = Math.max(1, (size + SWEEP_CHUNK - 1) / SWEEP_CHUNK);
        sweepChunk(++sweep, size - 1, Math.max(MIN_SWEEP_PAUSE_NANOS, sweepSpreadNanos / chunks));
    }

    private void sweepChunk(int id, int from, long pauseNanos) {
        if (id != sweep) {
            return; // a newer sweep started (a heartbeat shorter than a sweep): it covers everyone
        }
        // Backwards: closing may remove the current connection, moving the last one (already swept) into its slot,
        // so each connection also remembers the sweep that last saw it.
        int i = Math.min(from, size - 1);
        int end = Math.max(-1, i - SWEEP_CHUNK);
        for (; i > end; i--) {
            if (i < size) {
                connections[i].heartbeat(id);
            }
        }
        if (i >= 0) {
            int next = i;
            loop.schedule(() -> sweepChunk(id, next, pauseNanos), pauseNanos, TimeUnit.NANOSECONDS);
        }
    }

    int ioRound() {
        return ioRound;
    }

    /**
     * Makes {@link #ioRound} move after the loop's next I/O. A scheduled task does that: the loop takes scheduled
     * tasks in only when it starts a run of tasks, and it does its I/O before each run, so one scheduled from a task
     * (a delivery) runs after the writes of that run have gone to the sockets.
     */
    void awaitIoRound() {
        if (!ioRoundAwaited) {
            ioRoundAwaited = true;
            loop.schedule(() -> {
                ioRoundAwaited = false;
                ioRound++;
            }, 0, TimeUnit.NANOSECONDS);
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
