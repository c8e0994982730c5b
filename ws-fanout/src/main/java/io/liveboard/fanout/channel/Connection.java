package io.liveboard.fanout.channel;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import io.liveboard.fanout.auth.Principal;
import io.liveboard.fanout.history.Rec;
import io.liveboard.fanout.protocol.ClientMessage;
import io.liveboard.fanout.protocol.CloseCodes;
import io.liveboard.fanout.protocol.ErrorCode;
import io.liveboard.fanout.protocol.Frames;
import io.liveboard.fanout.protocol.Position;
import io.liveboard.fanout.protocol.ProtocolException;
import io.liveboard.fanout.protocol.ServerMessages;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.CompositeByteBuf;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.util.ReferenceCountUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One WebSocket client: the last handler of its channel's pipeline, and all the state the node keeps for it.
 * Kept small on purpose (fields, not maps; subscriptions in a short array; the replay queue and fragment buffer
 * exist only while in use): idle connections are most of the memory of a busy node. Everything here runs on the
 * channel's event loop.
 */
public final class Connection extends ChannelInboundHandlerAdapter {

    private static final Logger log = LoggerFactory.getLogger(Connection.class);
    private static final long WINDOW_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final long FORCE_CLOSE_MILLIS = 3000;
    private static final long CATCH_UP_PATIENCE_SECONDS = 60;

    final Hub hub;
    final int loop;
    final long id;
    private final long userId;
    private final String username;
    private final long expiresAtMs;
    /** Closes a signed-in connection when its token expires; null for anonymous ones. */
    private ScheduledFuture<?> expiry;
    private final boolean deflate;
    ChannelHandlerContext ctx;
    /** Index in the loop's connection array; -1 when not registered. */
    int slot = -1;
    private Subscription[] subs;
    private int subCount;
    private long windowStart;
    private int used;
    private int dropped;
    private boolean awaitingPong;
    /** A message (not a pong) from the peer since the last heartbeat sweep: it is alive, no ping needed this time. */
    private boolean heardSinceSweep;
    /** The last heartbeat sweep that saw this connection (a sweep runs in chunks; see LoopState#sweep). */
    private int sweptBy;
    private boolean closing;
    private boolean counted = true;
    private ArrayDeque<ReplayBatch> replay;
    private boolean draining;
    private CompositeByteBuf fragments;
    private boolean droppingFragments;
    /** The write that found the outbound queue over the limit, while its grace runs; null almost always. */
    private ChannelPromise behindMark;
    /** The loop's I/O round when behindMark was set. */
    private int behindRound;
    /** Subscribes that arrived before the node caught up with Kafka (channel to since); null almost always. */
    private HeldSubscribes waiting;

    Connection(Hub hub, int loop, Principal principal, boolean deflate) {
        this.hub = hub;
        this.loop = loop;
        // The low bits name the loop, so a REST call finds the connection by scanning one loop only.
        this.id = (ThreadLocalRandom.current().nextLong(1L << 40) << 5) | loop;
        this.userId = principal == null ? 0 : principal.userId();
        this.username = principal == null ? null : principal.username();
        this.expiresAtMs = principal == null ? Long.MAX_VALUE : principal.expiresAt().toEpochMilli();
        this.deflate = deflate;
    }

    /** The signed-in user, or null when anonymous. */
    public Long userId() {
        return userId == 0 ? null : userId;
    }

    public String connectionId() {
        return hub.connectionId(id);
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    /** After the handshake: registers the connection and sends {@code welcome}. */
    public void start() {
        if (!ctx.channel().isActive()) {
            return;
        }
        hub.loops.state(loop).add(this);
        if (expiresAtMs != Long.MAX_VALUE) {
            // At the token's expiry, not at the next heartbeat: a private channel stops the moment its right does.
            expiry = ctx.executor().schedule(() -> close(CloseCodes.UNAUTHORIZED, "token expired; get a new token"),
                    Math.max(0, expiresAtMs - System.currentTimeMillis()), TimeUnit.MILLISECONDS);
        }
        sendReply(ServerMessages.welcome(connectionId(), userId(), username, hub.props.heartbeat().toMillis(),
                Instant.now()));
    }

    // ---- inbound ----

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            awaitingPong = false;
            // Pongs only answer our pings; anything else means the client keeps a heartbeat of its own.
            heardSinceSweep |= !(msg instanceof PongWebSocketFrame);
            if (closing) {
                // The peer's answer to our close frame ends the closing handshake.
                if (msg instanceof CloseWebSocketFrame) {
                    ctx.close();
                }
                return;
            }
            if (msg instanceof TextWebSocketFrame text) {
                onText(text);
            } else if (msg instanceof ContinuationWebSocketFrame cont) {
                onContinuation(cont);
            } else if (msg instanceof BinaryWebSocketFrame binary) {
                droppingFragments = !binary.isFinalFragment();
                sendError(null, ErrorCode.UNSUPPORTED_FRAME, "binary frames are not supported; send JSON text");
            } else if (msg instanceof PingWebSocketFrame ping) {
                ctx.writeAndFlush(new PongWebSocketFrame(ping.content().retain()), ctx.voidPromise());
            } else if (msg instanceof CloseWebSocketFrame) {
                closing = true;
                ctx.writeAndFlush(new CloseWebSocketFrame(CloseCodes.NORMAL, null))
                        .addListener(ChannelFutureListener.CLOSE);
            } else if (!(msg instanceof PongWebSocketFrame) && !(msg instanceof HttpContent)) {
                log.debug("ignoring {}", msg.getClass().getSimpleName());
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    private void onText(TextWebSocketFrame text) {
        droppingFragments = false;
        releaseFragments();
        if (text.isFinalFragment()) {
            onMessage(text.content());
        } else {
            fragments = ctx.alloc().compositeBuffer();
            fragments.addComponent(true, text.content().retain());
            checkFragmentSize();
        }
    }

    private void onContinuation(ContinuationWebSocketFrame cont) {
        if (droppingFragments || fragments == null) {
            droppingFragments = droppingFragments && !cont.isFinalFragment();
            return;
        }
        fragments.addComponent(true, cont.content().retain());
        if (!checkFragmentSize()) {
            return;
        }
        if (cont.isFinalFragment()) {
            CompositeByteBuf whole = fragments;
            fragments = null;
            try {
                onMessage(whole);
            } finally {
                whole.release();
            }
        }
    }

    private boolean checkFragmentSize() {
        if (fragments.readableBytes() > hub.props.limits().maxFrameSize().toBytes()) {
            releaseFragments();
            close(CloseCodes.TOO_BIG, "message larger than " + hub.props.limits().maxFrameSize().toBytes() + " bytes");
            return false;
        }
        return true;
    }

    private void onMessage(ByteBuf content) {
        if (!allowMessage()) {
            return;
        }
        ClientMessage message;
        try {
            message = ClientMessage.parse(ByteBufUtil.getBytes(content));
        } catch (ProtocolException e) {
            sendError(null, e.code(), e.getMessage());
            return;
        }
        switch (message.type()) {
            case PING -> sendReply(ServerMessages.pong(Instant.now()));
            case SUBSCRIBE -> {
                ProtocolException error = hub.flow.subscribe(this, message.channel(), message.since());
                if (error != null) {
                    sendError(message.channel(), error.code(), error.getMessage());
                }
            }
            case UNSUBSCRIBE -> {
                ProtocolException error = hub.flow.unsubscribe(this, message.channel());
                if (error != null) {
                    sendError(message.channel(), error.code(), error.getMessage());
                }
            }
        }
    }

    /** A fixed one-second window: over the rate a message is refused; a flood closes the connection. */
    private boolean allowMessage() {
        long now = System.nanoTime();
        if (now - windowStart > WINDOW_NANOS) {
            windowStart = now;
            used = 0;
            dropped = 0;
        }
        if (++used <= hub.props.limits().messagesPerSecond()) {
            return true;
        }
        dropped++;
        if (dropped == 1) {
            sendError(null, ErrorCode.RATE_LIMITED, "more than " + hub.props.limits().messagesPerSecond()
                    + " messages per second; slow down");
        } else if (dropped > hub.props.limits().floodCloseAfter()) {
            close(CloseCodes.RATE_LIMITED, "flooding; reconnect with backoff");
        }
        return false;
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (ctx.channel().isWritable()) {
            drainReplay();
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        closing = true;
        if (expiry != null) {
            // Cancelled on the loop, the task leaves the loop's queue now, not an hour later with this connection.
            expiry.cancel(false);
            expiry = null;
        }
        if (subs != null) {
            for (int i = subCount - 1; i >= 0; i--) {
                detach(subs[i]);
            }
            subs = null;
            subCount = 0;
        }
        replay = null;
        takeHeld();
        releaseFragments();
        if (slot >= 0) {
            hub.loops.state(loop).remove(this);
        }
        if (counted) {
            counted = false;
            hub.metrics.connections().decrementAndGet();
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        log.debug("connection {} failed: {}", connectionId(), cause.toString());
        ctx.close();
    }

    // ---- outbound ----

    /** A live message shared with other subscribers; false when not written (closing, or cut loose as slow). */
    boolean sendShared(ByteBuf frame) {
        ChannelPromise promise = admit();
        if (promise == null) {
            return false;
        }
        if (deflate) {
            ctx.writeAndFlush(new TextWebSocketFrame(Frames.payload(frame).retain()), promise);
        } else {
            ctx.writeAndFlush(frame.retainedDuplicate(), promise);
        }
        return true;
    }

    void sendReply(byte[] json) {
        ChannelPromise promise = admit();
        if (promise == null) {
            return;
        }
        write(Frames.text(ctx.alloc(), json), promise);
        ctx.flush();
    }

    /**
     * The slow-client rule, asked before each message: the promise to write it with, or null when the connection is
     * closing or has just been cut loose. Bytes queued over {@code limits.outbound-buffer} alone do not make a client
     * slow: on io_uring a write completes only after the loop has run its batch of deliveries, so a client reading
     * everything can have a burst in flight. The write that finds the queue over the limit carries a promise; if that
     * message is still not written {@code limits.outbound-grace} later, the client is behind by more than the limit
     * and more than the grace, and is closed with 4000. Past {@link Hub#outboundHardCap} it is closed at once, so a
     * stuck client's memory stays bounded whatever the grace: once the loop has done its I/O since the marked write,
     * because on io_uring one run of deliveries can queue more than the cap for a client that reads everything
     * (the writes go to the socket only after the run).
     */
    private ChannelPromise admit() {
        if (closing) {
            return null;
        }
        long queued = pendingBytes();
        if (queued <= hub.outboundCutoff) {
            return ctx.voidPromise();
        }
        LoopState state = hub.loops.state(loop);
        if (behindMark != null && !behindMark.isDone()) {
            if (queued > hub.outboundHardCap && state.ioRound() != behindRound) {
                cutLoose();
                return null;
            }
            return ctx.voidPromise();
        }
        ChannelPromise mark = ctx.newPromise();
        behindMark = mark;
        behindRound = state.ioRound();
        state.awaitIoRound();
        ctx.executor().schedule(() -> checkProgress(mark), hub.outboundGraceNanos, TimeUnit.NANOSECONDS);
        return mark;
    }

    /** A grace after the queue went over the limit: written since, or under it again, the client keeps up. */
    private void checkProgress(ChannelPromise mark) {
        if (behindMark == mark) {
            behindMark = null;
        }
        if (closing) {
            return;
        }
        if (!mark.isDone() && pendingBytes() > hub.outboundCutoff) {
            cutLoose();
        }
    }

    private void cutLoose() {
        hub.metrics.slowDisconnect();
        close(CloseCodes.SLOW_CONSUMER, "too slow: reconnect and resume from your last positions");
    }

    void sendError(String channel, ErrorCode code, String message) {
        sendReply(ServerMessages.error(channel, code, message));
    }

    private void write(ByteBuf frame, ChannelPromise promise) {
        if (deflate) {
            ctx.write(new TextWebSocketFrame(Frames.payload(frame).retain()), promise);
            frame.release();
        } else {
            ctx.write(frame, promise);
        }
    }

    private long pendingBytes() {
        ChannelOutboundBuffer out = ctx.channel().unsafe().outboundBuffer();
        return out == null ? 0 : out.totalPendingWriteBytes();
    }

    /** Sends a close frame and closes; a peer that does not read it is disconnected after a grace period. */
    public void close(int code, String reason) {
        if (closing) {
            return;
        }
        closing = true;
        if (!ctx.channel().isActive()) {
            return;
        }
        // Half-close after the close frame and keep reading until the peer answers (RFC 6455 §7.1.1): closing the
        // socket with the peer's messages still unread would send a reset, which can destroy the close frame in
        // flight, and the client would see 1006 instead of the code that tells it what to do.
        ctx.writeAndFlush(new CloseWebSocketFrame(code, reason)).addListener(f -> {
            if (f.isSuccess() && ctx.channel() instanceof io.netty.channel.socket.SocketChannel socket) {
                socket.shutdownOutput();
            } else {
                ctx.close();
            }
        });
        ctx.executor().schedule(() -> {
            ctx.close();
        }, FORCE_CLOSE_MILLIS, TimeUnit.MILLISECONDS);
    }

    void heartbeat(int sweep) {
        if (closing || sweptBy == sweep) {
            return;
        }
        sweptBy = sweep;
        if (heardSinceSweep) {
            // Clients that keep their own heartbeat (the dashboard's pings) are not pinged on top of it: half the
            // idle traffic, and their messages keep proxies from timing the connection out just as well.
            heardSinceSweep = false;
            return;
        }
        if (awaitingPong) {
            // No frame at all since the last ping: the peer is gone.
            closing = true;
            ctx.close();
            return;
        }
        awaitingPong = true;
        ctx.writeAndFlush(Frames.PING.duplicate(), ctx.voidPromise());
    }

    // ---- subscribes held until the node caught up ----

    /**
     * Holds a subscribe until the node has caught up with Kafka ({@link LoopState#releaseHeldSubscribes} runs it
     * then); a repeat replaces the earlier one.
     */
    void awaitCatchUp(String channel, String since) {
        if (waiting == null) {
            waiting = new HeldSubscribes(ctx.executor().schedule(this::giveUpWaiting, CATCH_UP_PATIENCE_SECONDS,
                    TimeUnit.SECONDS));
        }
        waiting.remove(channel);
        waiting.put(channel, since);
    }

    boolean isWaiting(String channel) {
        return waiting != null && waiting.containsKey(channel);
    }

    int waitingCount() {
        return waiting == null ? 0 : waiting.size();
    }

    boolean cancelWaiting(String channel) {
        if (!isWaiting(channel)) {
            return false;
        }
        waiting.remove(channel);
        if (waiting.isEmpty()) {
            takeHeld();
        }
        return true;
    }

    /** The node caught up: the held subscribes run now, in the order they came. */
    void releaseHeldSubscribes() {
        HeldSubscribes held = takeHeld();
        if (held == null || closing) {
            return;
        }
        held.forEach((channel, since) -> {
            ProtocolException error = hub.flow.subscribe(this, channel, since);
            if (error != null) {
                sendError(channel, error.code(), error.getMessage());
            }
        });
    }

    private void giveUpWaiting() {
        HeldSubscribes held = takeHeld();
        if (held == null) {
            return;
        }
        held.keySet().forEach(channel -> sendError(channel, ErrorCode.UNAVAILABLE,
                "this node is still catching up with Kafka; try again"));
    }

    /** Takes the held subscribes (null if none) and stops the timer that would give up on them. */
    private HeldSubscribes takeHeld() {
        HeldSubscribes held = waiting;
        waiting = null;
        if (held != null) {
            held.deadline.cancel(false);
        }
        return held;
    }

    /** Channel to since (null for none), in arrival order, and the timer that gives up on them. */
    private static final class HeldSubscribes extends LinkedHashMap<String, String> {
        final ScheduledFuture<?> deadline;

        HeldSubscribes(ScheduledFuture<?> deadline) {
            this.deadline = deadline;
        }
    }

    // ---- subscriptions ----

    Subscription find(String channel) {
        for (int i = 0; i < subCount; i++) {
            if (subs[i].channel.name.equals(channel)) {
                return subs[i];
            }
        }
        return null;
    }

    int subscriptionCount() {
        return subCount;
    }

    void add(Subscription s) {
        if (subs == null) {
            subs = new Subscription[4];
        } else if (subCount == subs.length) {
            subs = java.util.Arrays.copyOf(subs, subCount * 2);
        }
        subs[subCount++] = s;
    }

    void remove(Subscription s) {
        for (int i = 0; i < subCount; i++) {
            if (subs[i] == s) {
                subs[i] = subs[--subCount];
                subs[subCount] = null;
                break;
            }
        }
        detach(s);
    }

    private void detach(Subscription s) {
        if (s.state == Subscription.CLOSED) {
            return;
        }
        s.state = Subscription.CLOSED;
        s.resume = null;
        s.channel.remove(loop, s);
        hub.registry.release(s.channel);
    }

    boolean isOpen() {
        return !closing && ctx.channel().isActive();
    }

    // ---- replay ----

    /** Queues history for a subscription; written as fast as the client reads, then the flow goes on. */
    void enqueueReplay(Subscription s, List<Rec> records) {
        if (replay == null) {
            replay = new ArrayDeque<>(2);
        }
        replay.add(new ReplayBatch(s, records));
        drainReplay();
    }

    private void drainReplay() {
        if (draining || closing) {
            return;
        }
        draining = true;
        boolean wrote = false;
        try {
            while (replay != null && !replay.isEmpty()) {
                ReplayBatch batch = replay.peek();
                if (batch.subscription.state == Subscription.CLOSED) {
                    replay.poll();
                    continue;
                }
                while (batch.next < batch.records.size()) {
                    if (!ctx.channel().isWritable() || closing) {
                        return;
                    }
                    Rec rec = batch.records.get(batch.next++);
                    write(ServerMessages.eventFrame(ctx.alloc(), rec.quotedType(), batch.subscription.channel.quotedName,
                            Position.of(rec.partition(), rec.offset()).encode(), rec.data()), ctx.voidPromise());
                    wrote = true;
                }
                replay.poll();
                if (wrote) {
                    ctx.flush();
                    wrote = false;
                }
                hub.flow.advance(batch.subscription);
            }
            replay = null;
        } finally {
            // Not draining any more before the flush: the flush may make the channel writable again, and the
            // writability event it fires must be able to start the next round.
            draining = false;
            if (wrote) {
                ctx.flush();
            }
        }
    }

    private void releaseFragments() {
        if (fragments != null) {
            fragments.release();
            fragments = null;
        }
    }

    private static final class ReplayBatch {
        final Subscription subscription;
        final List<Rec> records;
        int next;

        ReplayBatch(Subscription subscription, List<Rec> records) {
            this.subscription = subscription;
            this.records = records;
        }
    }
}
