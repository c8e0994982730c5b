package io.liveboard.fanout.channel;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import io.liveboard.fanout.FanoutProperties;
import io.liveboard.fanout.auth.Principal;
import io.liveboard.fanout.history.HistoryStore;
import io.liveboard.fanout.history.Rec;
import io.liveboard.fanout.kafka.KafkaHistoryReader;
import io.liveboard.fanout.metrics.FanoutMetrics;
import io.liveboard.fanout.protocol.CloseCodes;
import io.liveboard.fanout.protocol.Position;
import io.liveboard.fanout.protocol.ServerMessages;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.ChannelHandlerContext;

/**
 * The fan-out core of one node: connections, their subscriptions, and delivery of records from the live
 * consumer to subscribers. The transport (ws package) creates connections; the Kafka side feeds
 * {@link #dispatch}.
 */
public final class Hub {

    static final int HARD_CAP_FACTOR = 8;

    final FanoutProperties props;
    final FanoutMetrics metrics;
    final HistoryStore history;
    final ChannelRegistry registry;
    final Loops loops;
    final SubscribeFlow flow;
    final ByteBufAllocator alloc = PooledByteBufAllocator.DEFAULT;
    final long outboundCutoff;
    /** Queued bytes past which a client is cut loose without a grace: {@value #HARD_CAP_FACTOR} times the limit. */
    final long outboundHardCap;
    final long outboundGraceNanos;
    private final String nodeTag;
    volatile KafkaHistoryReader reader;
    private volatile boolean shuttingDown;
    private volatile boolean caughtUp;

    public Hub(FanoutProperties props, FanoutMetrics metrics, HistoryStore history, String nodeTag) {
        this.props = props;
        this.metrics = metrics;
        this.history = history;
        this.nodeTag = nodeTag;
        this.registry = new ChannelRegistry(metrics);
        this.loops = new Loops(props.heartbeat().toMillis());
        this.flow = new SubscribeFlow(this);
        this.outboundCutoff = props.limits().outboundBuffer().toBytes();
        this.outboundHardCap = HARD_CAP_FACTOR * outboundCutoff;
        this.outboundGraceNanos = props.limits().outboundGrace().toNanos();
    }

    public void useReader(KafkaHistoryReader reader) {
        this.reader = reader;
    }

    /**
     * Called once the live consumer has read everything Kafka held at start; subscribes wait for it. Each loop then
     * runs the subscribes it held: one that was held before the flag was set is on its loop by then, so the loop's
     * task, queued after it, finds it.
     */
    public void markCaughtUp() {
        caughtUp = true;
        for (LoopState state : loops.all()) {
            state.loop.execute(state::releaseHeldSubscribes);
        }
    }

    boolean caughtUp() {
        return caughtUp;
    }

    public FanoutMetrics metrics() {
        return metrics;
    }

    public FanoutProperties properties() {
        return props;
    }

    /** Counts a new connection in; false when the node is at its limit or shutting down. */
    public boolean admit() {
        if (shuttingDown) {
            return false;
        }
        int max = props.limits().maxConnections();
        while (true) {
            int n = metrics.connections().get();
            if (n >= max) {
                return false;
            }
            if (metrics.connections().compareAndSet(n, n + 1)) {
                return true;
            }
        }
    }

    /** Undoes {@link #admit()} for a connection that never became one. */
    public void unadmit() {
        metrics.connections().decrementAndGet();
    }

    public boolean isShuttingDown() {
        return shuttingDown;
    }

    /** A connection handler for an admitted, upgraded channel; add it to the pipeline, then call {@code start}. */
    public Connection newConnection(ChannelHandlerContext anyCtx, Principal principal, boolean deflate) {
        int loop = loops.indexOf(anyCtx.channel().eventLoop());
        return new Connection(this, loop, principal, deflate);
    }

    String connectionId(long id) {
        return "c-" + nodeTag + "-" + Long.toString(id, 36);
    }

    /** Parses a connection id of this node into its number; -1 when it is not one of ours. */
    long parseConnectionId(String text) {
        String prefix = "c-" + nodeTag + "-";
        if (text == null || !text.startsWith(prefix)) {
            return -1;
        }
        try {
            return Long.parseLong(text.substring(prefix.length()), 36);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /**
     * Runs {@code action} on the loop of the connection with this id (null when there is none) and completes
     * with its result.
     */
    public <T> CompletableFuture<T> onConnection(String connectionId, Function<Connection, T> action) {
        long id = parseConnectionId(connectionId);
        CompletableFuture<T> result = new CompletableFuture<>();
        int loop = id < 0 ? -1 : (int) (id & 0x1F);
        if (loop < 0 || loop >= loops.count()) {
            result.complete(action.apply(null));
            return result;
        }
        LoopState state = loops.state(loop);
        try {
            state.loop.execute(() -> {
                try {
                    result.complete(action.apply(state.find(id)));
                } catch (RuntimeException e) {
                    result.completeExceptionally(e);
                }
            });
        } catch (RejectedExecutionException e) {
            result.complete(action.apply(null));
        }
        return result;
    }

    /**
     * From the live consumer: hands the record to every loop with subscribers of its channels. The frame of each
     * channel is rendered once and shared by all its subscribers.
     *
     * @param polledNanos when the consumer's poll returned the record ({@link System#nanoTime()})
     */
    public void dispatch(Rec rec, long polledNanos) {
        String pos = null;
        for (String name : rec.channels()) {
            ChannelState cs = registry.get(name);
            if (cs == null) {
                continue;
            }
            int mask = cs.loopMask;
            if (mask == 0) {
                continue;
            }
            if (pos == null) {
                pos = Position.of(rec.partition(), rec.offset()).encode();
            }
            ByteBuf frame = ServerMessages.eventFrame(alloc, rec.quotedType(), cs.quotedName, pos, rec.data());
            try {
                for (int loop = 0; mask != 0; loop++, mask >>>= 1) {
                    if ((mask & 1) != 0) {
                        Delivery delivery = new Delivery(this, cs, loop, frame.retain(), rec, polledNanos);
                        try {
                            loops.loop(loop).execute(delivery);
                        } catch (RejectedExecutionException e) {
                            frame.release();
                        }
                    }
                }
            } finally {
                frame.release();
            }
        }
    }

    /** Graceful shutdown: every client is told to reconnect (1012), then closed; waits up to the timeout. */
    public void shutdown(Duration timeout) {
        shuttingDown = true;
        List<CountDownLatch> done = new ArrayList<>();
        for (LoopState state : loops.all()) {
            CountDownLatch latch = new CountDownLatch(1);
            done.add(latch);
            try {
                state.loop.execute(() -> {
                    try {
                        state.closeAll(CloseCodes.SERVICE_RESTART, "server restarting, reconnect and resume");
                        if (state.heartbeat != null) {
                            state.heartbeat.cancel(false);
                        }
                    } finally {
                        latch.countDown();
                    }
                });
            } catch (RejectedExecutionException e) {
                latch.countDown();
            }
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            for (CountDownLatch latch : done) {
                latch.await(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            }
            // Let the close frames reach the clients before the loops go away.
            while (metrics.connections().get() > 0 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The outcome of one channel of a REST subscribe or unsubscribe. */
    public record Result(String channel, boolean ok, String code, String message) {
    }

    /** REST subscribe on the connection's loop; replies and messages go over its socket. */
    public java.util.List<Result> subscribe(Connection c, java.util.List<String> channels,
                                            java.util.Map<String, String> since) {
        java.util.List<Result> results = new ArrayList<>();
        for (String channel : channels) {
            var error = c.isOpen() ? flow.subscribe(c, channel, since.get(channel)) : closedError();
            results.add(error == null ? new Result(channel, true, null, null)
                    : new Result(channel, false, error.code().code(), error.getMessage()));
        }
        return results;
    }

    public java.util.List<Result> unsubscribe(Connection c, java.util.List<String> channels) {
        java.util.List<Result> results = new ArrayList<>();
        for (String channel : channels) {
            var error = c.isOpen() ? flow.unsubscribe(c, channel) : closedError();
            results.add(error == null ? new Result(channel, true, null, null)
                    : new Result(channel, false, error.code().code(), error.getMessage()));
        }
        return results;
    }

    private static io.liveboard.fanout.protocol.ProtocolException closedError() {
        return new io.liveboard.fanout.protocol.ProtocolException(io.liveboard.fanout.protocol.ErrorCode.UNAVAILABLE,
                "the connection is closing");
    }

    public int channelCount() {
        return registry.size();
    }
}
