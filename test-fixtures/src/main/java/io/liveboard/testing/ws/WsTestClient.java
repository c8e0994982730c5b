package io.liveboard.testing.ws;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A real WebSocket client for tests (the JDK's {@link java.net.http.WebSocket}): collects every text message as
 * parsed JSON, with await helpers, and can stop reading (to play a slow client) and resume. Thread-safe.
 * <pre>{@code
 * try (WsTestClient ws = WsTestClient.connect("ws://127.0.0.1:" + port + "/api/ws")) {
 *     ws.awaitType("welcome");
 *     ws.subscribe("leaderboard:typing_wpm");
 *     JsonNode sub = ws.await(m -> m.path("type").asString().equals("subscribed"));
 * }
 * }</pre>
 */
public final class WsTestClient implements AutoCloseable {

    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(15);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final List<JsonNode> messages = new ArrayList<>();
    private final StringBuilder partial = new StringBuilder();
    private final CompletableFuture<Integer> closed = new CompletableFuture<>();
    private final CompletableFuture<String> closeReason = new CompletableFuture<>();
    private final Listener listener = new Listener();
    private volatile WebSocket socket;
    private volatile boolean paused;
    private volatile boolean pendingRequest;
    private int pings;

    private WsTestClient() {
    }

    public static WsTestClient connect(String uri) {
        return connect(uri, Map.of());
    }

    /** Connects with extra headers (e.g. {@code Authorization}, {@code Origin}); throws if the upgrade fails. */
    public static WsTestClient connect(String uri, Map<String, String> headers) {
        WsTestClient client = new WsTestClient();
        WebSocket.Builder builder = HttpClient.newHttpClient().newWebSocketBuilder()
                .connectTimeout(Duration.ofSeconds(10));
        headers.forEach(builder::header);
        try {
            client.socket = builder.buildAsync(URI.create(uri), client.listener).get(15, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new HandshakeFailed(e.getCause());
        } catch (InterruptedException | TimeoutException e) {
            throw new IllegalStateException("cannot connect to " + uri, e);
        }
        return client;
    }

    /** The upgrade was refused (e.g. HTTP 401); {@link #getCause()} is the JDK's exception. */
    public static final class HandshakeFailed extends RuntimeException {
        HandshakeFailed(Throwable cause) {
            super("WebSocket handshake failed: " + cause, cause);
        }
    }

    // ---- sending ----

    public WsTestClient send(String text) {
        join(socket.sendText(text, true));
        return this;
    }

    public WsTestClient sendJson(Map<String, ?> message) {
        return send(JSON.writeValueAsString(message));
    }

    public WsTestClient subscribe(String channel) {
        ObjectNode m = JSON.createObjectNode().put("type", "subscribe").put("channel", channel);
        return send(m.toString());
    }

    public WsTestClient subscribe(String channel, String since) {
        ObjectNode m = JSON.createObjectNode().put("type", "subscribe").put("channel", channel).put("since", since);
        return send(m.toString());
    }

    public WsTestClient unsubscribe(String channel) {
        return send(JSON.createObjectNode().put("type", "unsubscribe").put("channel", channel).toString());
    }

    public WsTestClient sendBinary(byte[] bytes) {
        join(socket.sendBinary(ByteBuffer.wrap(bytes), true));
        return this;
    }

    /** Sends a close frame; the server's close code is then {@link #awaitClose}. */
    public void closeNormally() {
        if (!socket.isOutputClosed()) {
            join(socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye"));
        }
    }

    // ---- reading ----

    /** Stops reading: the server's messages pile up in TCP buffers, as with a slow or stuck client. */
    public void pauseReading() {
        paused = true;
    }

    public void resumeReading() {
        paused = false;
        synchronized (this) {
            if (pendingRequest) {
                pendingRequest = false;
                socket.request(1);
            }
        }
    }

    /** A copy of every message received so far, in order. */
    public synchronized List<JsonNode> messages() {
        return new ArrayList<>(messages);
    }

    /** The event messages (those with a {@code pos}) of one channel, in order. */
    public synchronized List<JsonNode> events(String channel) {
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode m : messages) {
            if (channel.equals(m.path("channel").asString()) && m.has("pos")) {
                out.add(m);
            }
        }
        return out;
    }

    /**
     * The last ten messages for a failure report, each cut short (a test of big messages would print megabytes),
     * after the close code if the connection is closed: a test waiting for messages that never come should say so.
     */
    private synchronized String tail() {
        int from = Math.max(0, messages.size() - 10);
        StringBuilder out = new StringBuilder();
        if (closed.isDone()) {
            out.append("[connection closed: ").append(closed.join()).append(' ').append(closeReason.getNow(""))
                    .append("] ");
        }
        out.append(from > 0 ? "(" + from + " earlier) " : "");
        for (JsonNode message : messages.subList(from, messages.size())) {
            String text = message.toString();
            out.append(text.length() <= 400 ? text : text.substring(0, 400) + "... (" + text.length() + " chars)")
                    .append('\n');
        }
        return out.toString();
    }

    public synchronized int pingsReceived() {
        return pings;
    }

    /** The first message (from the start) matching, waiting up to the default timeout. */
    public JsonNode await(Predicate<JsonNode> matching) {
        return await(matching, DEFAULT_TIMEOUT);
    }

    public synchronized JsonNode await(Predicate<JsonNode> matching, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        int checked = 0;
        while (true) {
            for (; checked < messages.size(); checked++) {
                if (matching.test(messages.get(checked))) {
                    return messages.get(checked);
                }
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("no matching message within " + timeout + "; got " + tail());
            }
            try {
                wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    public JsonNode awaitType(String type) {
        return await(m -> type.equals(m.path("type").asString()));
    }

    /** The {@code subscribed} reply for a channel. */
    public JsonNode awaitSubscribed(String channel) {
        return await(m -> "subscribed".equals(m.path("type").asString())
                && channel.equals(m.path("channel").asString()));
    }

    /** The first {@code error} with this code. */
    public JsonNode awaitError(String code) {
        return await(m -> "error".equals(m.path("type").asString())
                && code.equals(m.path("data").path("code").asString()));
    }

    /** Waits until at least {@code count} event messages of the channel arrived and returns them. */
    public List<JsonNode> awaitEvents(String channel, int count) {
        return awaitEvents(channel, count, DEFAULT_TIMEOUT);
    }

    public synchronized List<JsonNode> awaitEvents(String channel, int count, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            List<JsonNode> events = events(channel);
            if (events.size() >= count) {
                return events;
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("expected " + count + " events of " + channel + " within " + timeout
                        + ", got " + events.size() + "; last messages: " + tail());
            }
            try {
                wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    /** The close code the server sent (1006 when the connection just dropped). */
    public int awaitClose(Duration timeout) {
        try {
            return closed.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException | TimeoutException e) {
            throw new AssertionError("connection not closed within " + timeout, e);
        }
    }

    public int awaitClose() {
        return awaitClose(DEFAULT_TIMEOUT);
    }

    public boolean isClosed() {
        return closed.isDone();
    }

    public String closeReason() {
        return closeReason.getNow(null);
    }

    @Override
    public void close() {
        WebSocket s = socket;
        if (s != null && !closed.isDone()) {
            s.abort();
        }
    }

    private static <T> T join(CompletableFuture<T> future) {
        try {
            return future.get(15, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException | TimeoutException | CompletionException e) {
            throw new IllegalStateException("send failed", e);
        }
    }

    private final class Listener implements WebSocket.Listener {

        @Override
        public void onOpen(WebSocket webSocket) {
            webSocket.request(1);
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            synchronized (WsTestClient.this) {
                partial.append(data);
                if (last) {
                    String text = partial.toString();
                    partial.setLength(0);
                    JsonNode node;
                    try {
                        node = JSON.readTree(text);
                    } catch (RuntimeException e) {
                        node = JSON.createObjectNode().put("type", "__unparseable__").put("text", text);
                    }
                    messages.add(node);
                    WsTestClient.this.notifyAll();
                }
            }
            requestNext(webSocket);
            return null;
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
            requestNext(webSocket);
            return null;
        }

        @Override
        public CompletionStage<?> onPing(WebSocket webSocket, ByteBuffer message) {
            synchronized (WsTestClient.this) {
                pings++;
                WsTestClient.this.notifyAll();
            }
            requestNext(webSocket);
            return null;
        }

        @Override
        public CompletionStage<?> onPong(WebSocket webSocket, ByteBuffer message) {
            requestNext(webSocket);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closeReason.complete(reason);
            closed.complete(statusCode);
            synchronized (WsTestClient.this) {
                WsTestClient.this.notifyAll();
            }
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            closeReason.complete(String.valueOf(error));
            closed.complete(1006);
            synchronized (WsTestClient.this) {
                WsTestClient.this.notifyAll();
            }
        }

        private void requestNext(WebSocket webSocket) {
            synchronized (WsTestClient.this) {
                if (paused) {
                    pendingRequest = true;
                    return;
                }
            }
            webSocket.request(1);
        }
    }
}
