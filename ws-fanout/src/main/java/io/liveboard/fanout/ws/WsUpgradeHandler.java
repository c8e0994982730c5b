package io.liveboard.fanout.ws;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.liveboard.fanout.auth.InvalidTokenException;
import io.liveboard.fanout.auth.Principal;
import io.liveboard.fanout.auth.TokenService;
import io.liveboard.fanout.channel.Connection;
import io.liveboard.fanout.channel.Hub;
import io.liveboard.fanout.protocol.CloseCodes;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.EmptyHttpHeaders;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshaker;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshakerFactory;
import io.netty.util.ReferenceCountUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sits right after the HTTP codec of every connection of the public port. A WebSocket upgrade to
 * {@value #PATH} is taken over here: the request is authenticated, the handshake done with Netty's handshaker,
 * and the HTTP handlers of WebFlux are removed, leaving a pipeline of frame decoder, frame encoder and one
 * {@link Connection}. Every other request passes on to WebFlux untouched. That keeps a WebSocket connection at
 * a couple of KB of heap (docs/transport.md) while WebFlux serves the dashboard and REST on the same port.
 */
@ChannelHandler.Sharable
public final class WsUpgradeHandler extends ChannelInboundHandlerAdapter {

    public static final String PATH = "/api/ws";
    public static final String NAME = "lb.wsUpgrade";
    private static final Logger log = LoggerFactory.getLogger(WsUpgradeHandler.class);

    private final Hub hub;
    private final TokenService tokens;
    private final OriginPolicy origins;
    private final WebSocketServerHandshakerFactory handshakers;
    private final boolean deflate;
    private final WriteBufferWaterMark waterMark;

    public WsUpgradeHandler(Hub hub, TokenService tokens, OriginPolicy origins, int maxFrameBytes, boolean deflate,
                            long outboundBytes) {
        this.hub = hub;
        this.tokens = tokens;
        this.origins = origins;
        this.handshakers = new WebSocketServerHandshakerFactory(PATH, null, WebSocketDecoderConfig.newBuilder()
                .maxFramePayloadLength(maxFrameBytes)
                .allowExtensions(deflate)
                .closeOnProtocolViolation(true)
                .build());
        this.deflate = deflate;
        // Replays pause at the high mark; live messages cut a client loose only past twice that (Connection).
        int high = (int) Math.max(16 * 1024, Math.min(Integer.MAX_VALUE, outboundBytes / 2));
        this.waterMark = new WriteBufferWaterMark(high / 2, high);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof HttpRequest request) || !PATH.equals(new QueryStringDecoder(request.uri()).path())) {
            ctx.fireChannelRead(msg);
            return;
        }
        try {
            upgrade(ctx, request);
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    private void upgrade(ChannelHandlerContext ctx, HttpRequest request) {
        if (request.method() != HttpMethod.GET
                || !HttpHeaderValues.WEBSOCKET.contentEqualsIgnoreCase(request.headers().get(HttpHeaderNames.UPGRADE))) {
            respond(ctx, HttpResponseStatus.UPGRADE_REQUIRED, "upgrade_required",
                    "GET " + PATH + " is a WebSocket endpoint");
            return;
        }
        Principal principal = null;
        String token = token(request);
        if (token != null) {
            try {
                principal = tokens.verify(token);
            } catch (InvalidTokenException e) {
                hub.metrics().rejected();
                respond(ctx, HttpResponseStatus.UNAUTHORIZED, "unauthorized", e.getMessage());
                return;
            }
        }
        int refusal = 0;
        String reason = null;
        if (!origins.allows(request.headers().get(HttpHeaderNames.ORIGIN), request.headers().get(HttpHeaderNames.HOST))) {
            refusal = CloseCodes.POLICY_VIOLATION;
            reason = "origin not allowed";
        } else if (hub.isShuttingDown()) {
            refusal = CloseCodes.SERVICE_RESTART;
            reason = "server restarting";
        } else if (!hub.admit()) {
            refusal = CloseCodes.TRY_AGAIN_LATER;
            reason = "node at its connection limit; try again later";
        }
        WebSocketServerHandshaker handshaker = handshakers.newHandshaker(request);
        if (handshaker == null) {
            if (refusal == 0) {
                hub.unadmit();
            }
            WebSocketServerHandshakerFactory.sendUnsupportedVersionResponse(ctx.channel());
            return;
        }
        ChannelPipeline pipeline = ctx.pipeline();
        takeOver(pipeline, ctx);
        ctx.channel().config().setWriteBufferWaterMark(waterMark);
        ChannelHandler next;
        Connection connection = null;
        if (refusal == 0) {
            connection = hub.newConnection(ctx, principal, deflate && request.headers().contains(
                    HttpHeaderNames.SEC_WEBSOCKET_EXTENSIONS));
            next = connection;
        } else {
            hub.metrics().rejected();
            next = new Refused();
        }
        pipeline.replace(this, Connection.class.getSimpleName(), next);
        DefaultFullHttpRequest full = new DefaultFullHttpRequest(request.protocolVersion(), request.method(),
                request.uri(), Unpooled.EMPTY_BUFFER, request.headers(), EmptyHttpHeaders.INSTANCE);
        Connection accepted = connection;
        int code = refusal;
        String why = reason;
        ctx.channel().config().setAutoRead(true);
        handshaker.handshake(ctx.channel(), full).addListener(future -> {
            if (!future.isSuccess()) {
                log.debug("handshake failed: {}", future.cause().toString());
                ctx.channel().close();
            } else if (accepted != null) {
                accepted.start();
            } else {
                ctx.channel().writeAndFlush(new CloseWebSocketFrame(code, why)).addListener(ChannelFutureListener.CLOSE);
            }
        });
    }

    /** Removes the HTTP handlers WebFlux put after this one: from here on the channel speaks WebSocket. */
    private static void takeOver(ChannelPipeline pipeline, ChannelHandlerContext self) {
        List<String> names = pipeline.names();
        int at = names.indexOf(self.name());
        List<String> after = new ArrayList<>(names.subList(at + 1, names.size()));
        for (String name : after) {
            if (pipeline.get(name) != null && !name.startsWith("DefaultChannelPipeline$TailContext")) {
                pipeline.remove(name);
            }
        }
    }

    private static String token(HttpRequest request) {
        String auth = request.headers().get(HttpHeaderNames.AUTHORIZATION);
        if (auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return auth.substring(7).trim();
        }
        Map<String, List<String>> params = new QueryStringDecoder(request.uri()).parameters();
        List<String> values = params.get("token");
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    private static void respond(ChannelHandlerContext ctx, HttpResponseStatus status, String code, String message) {
        String body = "{\"error\":\"" + code + "\",\"message\":\"" + message.replace("\\", "\\\\").replace("\"", "\\\"")
                + "\"}";
        FullHttpResponse response = new DefaultFullHttpResponse(io.netty.handler.codec.http.HttpVersion.HTTP_1_1,
                status, Unpooled.copiedBuffer(body, StandardCharsets.UTF_8));
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/json");
        HttpUtil.setContentLength(response, response.content().readableBytes());
        response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
    }

    /** A refused connection: completes the handshake so a browser sees the close code, then closes. */
    private static final class Refused extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ReferenceCountUtil.release(msg);
        }
    }
}
