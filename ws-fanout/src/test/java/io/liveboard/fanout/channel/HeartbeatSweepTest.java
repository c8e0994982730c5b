package io.liveboard.fanout.channel;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import io.liveboard.fanout.FanoutProperties;
import io.liveboard.fanout.history.HistoryStore;
import io.liveboard.fanout.metrics.FanoutMetrics;
import io.liveboard.fanout.protocol.Frames;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.local.LocalAddress;
import io.netty.channel.local.LocalChannel;
import io.netty.channel.local.LocalIoHandler;
import io.netty.channel.local.LocalServerChannel;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.util.ReferenceCountUtil;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/**
 * The heartbeat sweep pings a loop's connections in chunks spread over half the heartbeat (LoopState#sweep), and
 * connections come and go between the chunks. Real connections on one event loop over Netty's in-JVM transport: the
 * server side is {@link Connection} as the node runs it; the peers answer pings 50 ms late, so a connection pinged
 * twice in one sweep would be taken for dead by the second ping.
 */
class HeartbeatSweepTest {

    private static final int HEARTBEAT_MS = 300;
    private static final LocalAddress ADDRESS = new LocalAddress("heartbeat-sweep-test");
    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, LocalIoHandler.newFactory());
    private Channel server;

    @AfterEach
    void stop() {
        // Unbound first: a loop that ends at the shutdown's timeout can leave its server channel registered under
        // the address, and the next test's bind then fails with "address already in use" (seen once in CI).
        if (server != null) {
            server.close().syncUninterruptibly();
        }
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    /** A hub whose connections live on the group's one loop, served at {@link #ADDRESS}. */
    private Hub startNode() throws InterruptedException {
        FanoutProperties props = new Binder(new MapConfigurationPropertySource(Map.of(
                "liveboard.fanout.heartbeat", HEARTBEAT_MS + "ms"))).bindOrCreate("liveboard.fanout",
                FanoutProperties.class);
        Hub hub = new Hub(props, new FanoutMetrics(new SimpleMeterRegistry()), new HistoryStore(10, 5), "t");
        server = new ServerBootstrap().group(group).channel(LocalServerChannel.class)
                .childHandler(new ChannelInitializer<LocalChannel>() {
                    @Override
                    protected void initChannel(LocalChannel ch) {
                        ch.pipeline().addLast(new ChannelInboundHandlerAdapter() {
                            @Override
                            public void channelActive(ChannelHandlerContext ctx) {
                                Connection c = hub.newConnection(ctx, null, false);
                                ctx.pipeline().replace(this, "connection", c);
                                c.start();
                            }
                        });
                    }
                }).bind(ADDRESS).sync().channel();
        return hub;
    }

    @Test
    void aSweepIsSpreadOverHalfTheHeartbeatNotOneBurst() throws Exception {
        startNode();
        int chunks = 5;
        List<Long> pingTimes = new ArrayList<>(); // touched on the group's one thread only
        for (int i = 0; i < chunks * LoopState.SWEEP_CHUNK; i++) {
            new Bootstrap().group(group).channel(LocalChannel.class).handler(new Peer(true, null, pingTimes))
                    .connect(ADDRESS).sync();
        }
        int from = group.next().submit(pingTimes::size).get(10, TimeUnit.SECONDS);
        Thread.sleep(6 * HEARTBEAT_MS + 100);
        List<Long> times = group.next().submit(() -> List.copyOf(pingTimes.subList(from, pingTimes.size())))
                .get(10, TimeUnit.SECONDS);
        // Sweeps are told apart by the quiet time between them (over a third of a heartbeat).
        List<long[]> sweeps = new ArrayList<>(); // {first ping, last ping, pings}
        for (long t : times) {
            long[] last = sweeps.isEmpty() ? null : sweeps.get(sweeps.size() - 1);
            if (last == null || t - last[1] > TimeUnit.MILLISECONDS.toNanos(HEARTBEAT_MS / 3)) {
                sweeps.add(new long[] {t, t, 1});
            } else {
                last[1] = t;
                last[2]++;
            }
        }
        List<long[]> whole = sweeps.stream().filter(w -> w[2] == chunks * LoopState.SWEEP_CHUNK).toList();
        assertThat(whole).as("sweeps that pinged every connection").hasSizeGreaterThanOrEqualTo(2);
        for (long[] w : whole) {
            // Four pauses of a tenth of the heartbeat between five chunks: 120 ms; a burst takes a few ms.
            assertThat(TimeUnit.NANOSECONDS.toMillis(w[1] - w[0])).as("a sweep's first to last ping, ms")
                    .isBetween((long) HEARTBEAT_MS / 4, (long) HEARTBEAT_MS * 2 / 3);
        }
    }

    @Test
    void eachConnectionIsPingedOncePerSweepWhileOthersCloseBetweenItsChunks() throws Exception {
        Hub hub = startNode();

        // Opened first, so they sit in the lowest slots: the ones a sweep reaches last. Closing one moves the
        // last connection, swept already, into its slot.
        int victims = 3 * LoopState.SWEEP_CHUNK;
        int answering = victims + 2 * LoopState.SWEEP_CHUNK;
        int silent = 20;
        List<Peer> peers = new ArrayList<>();
        List<Channel> toClose = new ArrayList<>();
        AtomicInteger closedByUs = new AtomicInteger();
        AtomicBoolean armed = new AtomicBoolean();
        // Once every peer is connected, the first ping of the next sweep reaches one of the last-opened peers, which
        // closes the victims then: between the sweep's first chunk and its next ones (all on the one event loop).
        Runnable closeVictims = () -> {
            if (armed.compareAndSet(true, false)) {
                toClose.forEach(Channel::close);
                closedByUs.addAndGet(toClose.size());
                toClose.clear();
            }
        };
        for (int i = 0; i < answering + silent; i++) {
            Peer peer = new Peer(i < answering, i >= victims && i < answering ? closeVictims : null, new ArrayList<>());
            peer.channel = new Bootstrap().group(group).channel(LocalChannel.class).handler(peer)
                    .connect(ADDRESS).sync().channel();
            peers.add(peer);
            if (i < victims) {
                toClose.add(peer.channel);
            }
        }

        armed.set(true);
        Thread.sleep(6 * HEARTBEAT_MS + 200);

        group.next().submit(() -> {
            assertThat(closedByUs.get()).as("victims closed during a sweep").isEqualTo(victims);
            for (int i = victims; i < answering; i++) {
                Peer peer = peers.get(i);
                assertThat(peer.channel.isActive()).as("answering peer %d is still connected", i).isTrue();
                assertThat(peer.pings).as("pings to peer %d in six heartbeats", i).isGreaterThanOrEqualTo(5);
                assertThat(peer.shortestGapNanos).as("shortest time between two pings to peer %d", i)
                        .isGreaterThan(TimeUnit.MILLISECONDS.toNanos(HEARTBEAT_MS / 2));
            }
            for (int i = answering; i < answering + silent; i++) {
                assertThat(peers.get(i).channel.isActive()).as("silent peer %d is disconnected", i).isFalse();
            }
            return null;
        }).get(10, TimeUnit.SECONDS);
        assertThat(hub.loops.count()).isEqualTo(1);
    }

    /** A peer that answers each ping 50 ms later, or never. */
    private static final class Peer extends ChannelInboundHandlerAdapter {
        private final boolean answers;
        private final Runnable onPing;
        private final List<Long> pingTimes;
        Channel channel;
        int pings;
        long shortestGapNanos = Long.MAX_VALUE;
        private long lastPingNanos;

        Peer(boolean answers, Runnable onPing, List<Long> pingTimes) {
            this.answers = answers;
            this.onPing = onPing;
            this.pingTimes = pingTimes;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            try {
                if (msg instanceof ByteBuf buf && buf.equals(Frames.PING)) {
                    pings++;
                    long now = System.nanoTime();
                    if (lastPingNanos != 0) {
                        shortestGapNanos = Math.min(shortestGapNanos, now - lastPingNanos);
                    }
                    lastPingNanos = now;
                    pingTimes.add(now);
                    if (onPing != null) {
                        onPing.run();
                    }
                    if (answers) {
                        ctx.executor().schedule(() -> ctx.writeAndFlush(new PongWebSocketFrame()), 50,
                                TimeUnit.MILLISECONDS);
                    }
                }
            } finally {
                ReferenceCountUtil.release(msg);
            }
        }
    }
}
