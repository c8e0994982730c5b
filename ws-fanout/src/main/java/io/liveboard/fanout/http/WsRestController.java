package io.liveboard.fanout.http;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import io.liveboard.fanout.FanoutProperties;
import io.liveboard.fanout.auth.InvalidTokenException;
import io.liveboard.fanout.auth.Principal;
import io.liveboard.fanout.auth.TokenService;
import io.liveboard.fanout.channel.Connection;
import io.liveboard.fanout.channel.Hub;
import io.liveboard.fanout.metrics.FanoutMetrics;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code POST /api/ws/subscribe} and {@code /api/ws/unsubscribe}: act on a WebSocket connection by its id, with the
 * same credentials as the socket (and the same rules: the work is done by the connection itself, on its event
 * loop). A connection of another user is reported as unknown. A connection this node does not hold is looked for
 * on the other nodes when {@code liveboard.fanout.peers} names them ({@link PeerForwarder}).
 */
@RestController
class WsRestController {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final int MAX_CHANNELS = 200;

    private final Hub hub;
    private final TokenService tokens;
    private final PeerForwarder peers;
    private final FanoutMetrics metrics;

    WsRestController(Hub hub, TokenService tokens, FanoutProperties props, FanoutMetrics metrics) {
        this.hub = hub;
        this.tokens = tokens;
        this.peers = new PeerForwarder(props.peers());
        this.metrics = metrics;
    }

    @PostMapping("/api/ws/subscribe")
    Mono<ResponseEntity<Map<String, Object>>> subscribe(
            @RequestHeader(name = HttpHeaders.AUTHORIZATION, required = false) String authorization,
            @RequestParam(name = "token", required = false) String token,
            @RequestHeader(name = PeerForwarder.FORWARDED_HEADER, required = false) String forwarded,
            @RequestBody(required = false) String body) {
        return handle(authorization, token, forwarded != null, body, true);
    }

    @PostMapping("/api/ws/unsubscribe")
    Mono<ResponseEntity<Map<String, Object>>> unsubscribe(
            @RequestHeader(name = HttpHeaders.AUTHORIZATION, required = false) String authorization,
            @RequestParam(name = "token", required = false) String token,
            @RequestHeader(name = PeerForwarder.FORWARDED_HEADER, required = false) String forwarded,
            @RequestBody(required = false) String body) {
        return handle(authorization, token, forwarded != null, body, false);
    }

    private Mono<ResponseEntity<Map<String, Object>>> handle(String authorization, String queryToken, boolean forwarded,
                                                             String body, boolean subscribe) {
        String token;
        Principal principal;
        try {
            token = token(authorization, queryToken);
            principal = token == null ? null : tokens.verify(token);
        } catch (InvalidTokenException e) {
            return Mono.just(error(401, "unauthorized", e.getMessage()));
        }
        Request request;
        try {
            request = Request.parse(body, subscribe);
        } catch (IllegalArgumentException e) {
            return Mono.just(error(400, "bad_request", e.getMessage()));
        }
        Long userId = principal == null ? null : principal.userId();
        return Mono.fromFuture(hub.onConnection(request.connectionId, (Connection c) -> {
            if (c == null || !Objects.equals(c.userId(), userId)) {
                return null;
            }
            return subscribe ? hub.subscribe(c, request.channels, request.since) : hub.unsubscribe(c, request.channels);
        })).map(results -> {
            List<Map<String, Object>> out = new ArrayList<>();
            for (Hub.Result r : results) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("channel", r.channel());
                m.put("ok", r.ok());
                if (!r.ok()) {
                    m.put("code", r.code());
                    m.put("message", r.message());
                }
                out.add(m);
            }
            return ResponseEntity.ok(Map.<String, Object>of("results", out));
        }).switchIfEmpty(Mono.defer(() -> forwarded || !peers.enabled() ? Mono.empty()
                : peers.forward(subscribe ? "/api/ws/subscribe" : "/api/ws/unsubscribe", token, body)
                        .doOnNext(found -> metrics.restForwarded(true))
                        .switchIfEmpty(Mono.fromRunnable(() -> metrics.restForwarded(false)))
                        .map(WsRestController::peerAnswer)))
                .switchIfEmpty(Mono.fromSupplier(() -> error(404, "unknown_connection", "no connection "
                        + request.connectionId + " of yours on " + (peers.enabled() ? "any node" : "this node"))));
    }

    /** The bearer token from the header, else from {@code ?token=}; null when anonymous. */
    private static String token(String authorization, String queryToken) {
        if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return authorization.substring(7).trim();
        } else if (authorization != null && !authorization.isBlank()) {
            throw new InvalidTokenException("Authorization must be 'Bearer <token>'");
        }
        return queryToken;
    }

    /** The holding node's answer, passed through as it is. */
    @SuppressWarnings("unchecked")
    private static ResponseEntity<Map<String, Object>> peerAnswer(String body) {
        return ResponseEntity.ok(JSON.readValue(body, Map.class));
    }

    private static ResponseEntity<Map<String, Object>> error(int status, String code, String message) {
        return ResponseEntity.status(status).body(Map.of("error", code, "message", message));
    }

    private record Request(String connectionId, List<String> channels, Map<String, String> since) {

        static Request parse(String body, boolean subscribe) {
            if (body == null || body.isBlank()) {
                throw new IllegalArgumentException("a JSON body is required");
            }
            JsonNode root;
            try {
                root = JSON.readTree(body);
            } catch (JacksonException e) {
                throw new IllegalArgumentException("body is not valid JSON");
            }
            if (root == null || !root.isObject()) {
                throw new IllegalArgumentException("body must be a JSON object");
            }
            JsonNode id = root.get("connection_id");
            if (id == null || !id.isString() || id.asString().isBlank()) {
                throw new IllegalArgumentException("connection_id (string) is required");
            }
            JsonNode channels = root.get("channels");
            if (channels == null || !channels.isArray() || channels.isEmpty()) {
                throw new IllegalArgumentException("channels must be a non-empty array of channel names");
            }
            if (channels.size() > MAX_CHANNELS) {
                throw new IllegalArgumentException("at most " + MAX_CHANNELS + " channels per request");
            }
            List<String> names = new ArrayList<>();
            for (JsonNode c : channels) {
                if (!c.isString()) {
                    throw new IllegalArgumentException("channels must be strings");
                }
                names.add(c.asString());
            }
            Map<String, String> since = new LinkedHashMap<>();
            JsonNode s = root.get("since");
            if (subscribe && s != null && !s.isNull()) {
                if (!s.isObject()) {
                    throw new IllegalArgumentException("since must be an object of channel to position or time");
                }
                for (var entry : s.properties()) {
                    if (!entry.getValue().isString()) {
                        throw new IllegalArgumentException("since of " + entry.getKey() + " must be a string");
                    }
                    since.put(entry.getKey(), entry.getValue().asString());
                }
            }
            return new Request(id.asString(), names, since);
        }
    }
}
