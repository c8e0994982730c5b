package io.liveboard.fanout.http;

import java.net.InetAddress;
import java.net.Inet6Address;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Passes a REST subscribe or unsubscribe for a connection this node does not hold to the other nodes
 * ({@code liveboard.fanout.peers}): behind a load balancer the HTTP call and the socket often land on different
 * nodes. A peer is {@code host:port}; a host name with several addresses (a Kubernetes headless service) stands for
 * all of them, looked up at every forward, so nodes that come and go are found without configuring each one. The
 * request goes to every address at once with the caller's credentials (each node checks them itself, as for its own
 * clients) and a header that stops it from being passed on again; the node holding the connection answers 200, the
 * others 404 (this node too, when its own address is among the peers).
 */
final class PeerForwarder {

    /** Set on a forwarded request: the receiving node answers from its own connections only. */
    static final String FORWARDED_HEADER = "X-Liveboard-Forwarded";
    private static final Duration TIMEOUT = Duration.ofSeconds(2);
    private static final Logger log = LoggerFactory.getLogger(PeerForwarder.class);

    private final List<Peer> peers;
    /** Made at the first forward: its selector thread would otherwise wake an idle node for nothing. */
    private volatile HttpClient http;

    PeerForwarder(List<String> peers) {
        this.peers = peers.stream().map(String::trim).filter(p -> !p.isEmpty()).map(Peer::parse).toList();
    }

    boolean enabled() {
        return !peers.isEmpty();
    }

    /** The body of the first peer that answered 200, or empty when none holds the connection (or none answered). */
    Mono<String> forward(String path, String token, String body) {
        return Mono.fromCallable(this::addresses).subscribeOn(Schedulers.boundedElastic())
                .flatMapMany(Flux::fromIterable)
                .flatMap(base -> send(base + path, token, body))
                .next();
    }

    private Mono<String> send(String uri, String token, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(uri)).timeout(TIMEOUT)
                .header("Content-Type", "application/json").header(FORWARDED_HEADER, "1")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return Mono.fromFuture(() -> client().sendAsync(request.build(), HttpResponse.BodyHandlers.ofString()))
                .filter(r -> r.statusCode() == 200).map(HttpResponse::body)
                .onErrorResume(e -> {
                    log.warn("peer {} did not answer a forwarded request: {}", uri, e.toString());
                    return Mono.empty();
                });
    }

    private HttpClient client() {
        HttpClient c = http;
        if (c == null) {
            synchronized (this) {
                c = http;
                if (c == null) {
                    c = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(TIMEOUT).build();
                    http = c;
                }
            }
        }
        return c;
    }

    /** {@code http://address:port} of every address of every peer, looked up now. */
    private List<String> addresses() {
        List<String> result = new ArrayList<>();
        for (Peer peer : peers) {
            try {
                for (InetAddress a : InetAddress.getAllByName(peer.host())) {
                    String host = a instanceof Inet6Address ? "[" + a.getHostAddress() + "]" : a.getHostAddress();
                    result.add("http://" + host + ":" + peer.port());
                }
            } catch (UnknownHostException e) {
                log.warn("peer {} does not resolve: {}", peer.host(), e.getMessage());
            }
        }
        return result;
    }

    private record Peer(String host, int port) {

        static Peer parse(String entry) {
            int colon = entry.lastIndexOf(':');
            int port = -1;
            if (colon > 0) {
                try {
                    port = Integer.parseInt(entry.substring(colon + 1));
                } catch (NumberFormatException e) {
                    port = -1;
                }
            }
            if (port < 1 || port > 65535) {
                throw new IllegalStateException("liveboard.fanout.peers: '" + entry + "' is not host:port");
            }
            return new Peer(entry.substring(0, colon), port);
        }
    }
}
