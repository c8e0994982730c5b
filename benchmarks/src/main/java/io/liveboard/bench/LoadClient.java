package io.liveboard.bench;

import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.EmptyHttpHeaders;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketClientHandshaker;
import io.netty.handler.codec.http.websocketx.WebSocketClientHandshakerFactory;
import io.netty.handler.codec.http.websocketx.WebSocketVersion;

/**
 * A lean Netty WebSocket client for many connections from one process: on {@code welcome} it subscribes to the
 * given channels and hands every later text message to a callback (as a string; the benchmark only looks for
 * markers in it).
 */
final class LoadClient implements AutoCloseable {

    /** What a connection reports. */
    interface Events {
        /** The TCP connection is up (the WebSocket handshake request is about to go out). */
        default void connected(Channel ch, long activeNanos) {
        }

        void welcomed(Channel ch, long connectNanos, long welcomeNanos);

        void subscribed(Channel ch);

        /** A later text message; {@code text} is only valid during the call (decode it only if needed). */
        void message(Channel ch, ByteBuf text, long receivedNanos);
    }

    private final EventLoopGroup group;
    private final Bootstrap bootstrap;
    private final URI uri;
    private final int sourceAddresses;
    private final AtomicInteger opened = new AtomicInteger();

    /**
     * @param sourceAddresses how many loopback addresses (127.0.0.1, 127.0.0.2, ...) the connections come from, in
     *     turn. Real clients come from many addresses; from one, connections to one server port share one address's
     *     ephemeral ports, and once about 14,000 were held, new connects stalled for 1-2 s (BENCHMARKS.md, "Late
     *     evening").
     */
    LoadClient(URI uri, int threads, int sourceAddresses) {
        this.uri = uri;
        this.sourceAddresses = sourceAddresses;
        // Native epoll where there is one: the client shares the cores with the node, and each microsecond it
        // spends per received message is one the node waits for.
        boolean epoll = Epoll.isAvailable();
        this.group = new MultiThreadIoEventLoopGroup(threads,
                epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
        this.bootstrap = new Bootstrap().group(group)
                .channel(epoll ? EpollSocketChannel.class : NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 10_000);
    }

    ChannelFuture connect(List<String> channels, Events events) {
        long start = System.nanoTime();
        WebSocketClientHandshaker handshaker = WebSocketClientHandshakerFactory.newHandshaker(uri,
                WebSocketVersion.V13, null, false, EmptyHttpHeaders.INSTANCE, 1 << 20);
        return bootstrap.clone().handler(new ChannelInitializer<SocketChannel>() {
            @Override
            protected void initChannel(SocketChannel ch) {
                ch.pipeline().addLast(new HttpClientCodec(), new HttpObjectAggregator(8192),
                        new Handler(handshaker, channels, events, start));
            }
        }).connect(new InetSocketAddress(uri.getHost(), uri.getPort()), new InetSocketAddress(
                "127.0.0." + (1 + Math.floorMod(opened.getAndIncrement(), sourceAddresses)), 0));
    }

    @Override
    public void close() {
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }

    private static final ByteBuf SUBSCRIBED = marker("{\"type\":\"subscribed\"");

    /** The start of a message to look for with {@link #startsWith}. */
    static ByteBuf marker(String prefix) {
        return Unpooled.unreleasableBuffer(Unpooled.copiedBuffer(prefix, StandardCharsets.UTF_8));
    }

    /** Whether {@code buf}'s readable bytes start with {@code marker}'s, without decoding them. */
    static boolean startsWith(ByteBuf buf, ByteBuf marker) {
        int n = marker.readableBytes();
        return buf.readableBytes() >= n && ByteBufUtil.equals(buf, buf.readerIndex(), marker, marker.readerIndex(), n);
    }

    private static final class Handler extends SimpleChannelInboundHandler<Object> {
        private final WebSocketClientHandshaker handshaker;
        private final List<String> channels;
        private final Events events;
        private final long start;
        private boolean welcomed;
        private int acks;

        Handler(WebSocketClientHandshaker handshaker, List<String> channels, Events events, long start) {
            this.handshaker = handshaker;
            this.channels = channels;
            this.events = events;
            this.start = start;
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            events.connected(ctx.channel(), System.nanoTime());
            handshaker.handshake(ctx.channel());
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, Object msg) {
            Channel ch = ctx.channel();
            if (!handshaker.isHandshakeComplete()) {
                handshaker.finishHandshake(ch, (FullHttpResponse) msg);
                return;
            }
            long now = System.nanoTime();
            if (msg instanceof TextWebSocketFrame text) {
                ByteBuf content = text.content();
                if (!welcomed) {
                    welcomed = true;
                    events.welcomed(ch, start, now);
                    for (String c : channels) {
                        ch.write(new TextWebSocketFrame("{\"type\":\"subscribe\",\"channel\":\"" + c + "\"}"));
                    }
                    ch.flush();
                    if (channels.isEmpty()) {
                        events.subscribed(ch);
                    }
                } else if (acks < channels.size() && startsWith(content, SUBSCRIBED)) {
                    if (++acks == channels.size()) {
                        events.subscribed(ch);
                    }
                } else {
                    events.message(ch, content, now);
                }
            } else if (msg instanceof PingWebSocketFrame ping) {
                ch.writeAndFlush(new PongWebSocketFrame(ping.content().retain()));
            } else if (msg instanceof CloseWebSocketFrame) {
                ch.close();
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }

}
