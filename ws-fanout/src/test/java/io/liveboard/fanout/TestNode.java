package io.liveboard.fanout;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import io.liveboard.catalog.PropertyNames;
import io.liveboard.catalog.TopicCatalog;
import io.liveboard.fanout.auth.TokenService;
import io.liveboard.fanout.kafka.LiveConsumer;
import io.liveboard.testing.EmbeddedKafka;
import io.liveboard.testing.ws.WsTestClient;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static org.awaitility.Awaitility.await;

/** A fan-out node started in-process the way the CLI launcher does, on a random port. */
final class TestNode implements AutoCloseable {

    static final String SECRET = "test-secret-for-fanout-its-0123456789abcdef-long-enough-for-hs512-too";

    final ConfigurableApplicationContext context;
    final int port;

    private TestNode(ConfigurableApplicationContext context) {
        this.context = context;
        this.port = Integer.parseInt(context.getEnvironment().getProperty("local.server.port"));
    }

    static TestNode start(TopicCatalog catalog) {
        return start(catalog, Map.of());
    }

    static TestNode start(TopicCatalog catalog, Map<String, Object> extra) {
        TestNode node = startServing(catalog, extra);
        await().atMost(Duration.ofSeconds(30)).until(node::caughtUp);
        return node;
    }

    /** Returns as soon as the port serves, possibly before the node has read what Kafka holds. */
    static TestNode startServing(TopicCatalog catalog, Map<String, Object> extra) {
        Map<String, Object> props = new HashMap<>();
        props.put(PropertyNames.BOOTSTRAP_SERVERS, EmbeddedKafka.shared().bootstrapServers());
        props.put(PropertyNames.TOPICS_PREFIX, catalog.prefix());
        props.put(PropertyNames.AUTH_TOKEN_SECRET, SECRET);
        props.put("server.port", 0);
        props.put("server.address", "127.0.0.1");
        props.put("spring.main.banner-mode", "off");
        props.put("liveboard.fanout.io-threads", 2);
        props.putAll(extra);
        ConfigurableApplicationContext ctx = new SpringApplicationBuilder(FanoutApplication.class)
                .properties(props)
                .run();
        return new TestNode(ctx);
    }

    boolean caughtUp() {
        return context.getBean(LiveConsumer.class).caughtUp();
    }

    /** Waits until the node's live consumer has read the record (it is in history and delivered). */
    void awaitConsumed(io.liveboard.catalog.Topic topic, org.apache.kafka.clients.producer.RecordMetadata meta) {
        var history = context.getBean(io.liveboard.fanout.history.HistoryStore.class);
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            var parts = history.partitions(topic);
            return parts.length > meta.partition() && parts[meta.partition()].nextOffset() > meta.offset();
        });
    }

    /** Waits until the node has read the latest leaderboard snapshot of a category with this seq. */
    void awaitSnapshot(String category, long seq) {
        var history = context.getBean(io.liveboard.fanout.history.HistoryStore.class);
        await().atMost(Duration.ofSeconds(30)).until(() -> history.snapshot(category) != null
                && history.snapshot(category).seq() == seq);
    }

    double counter(String name, String... tags) {
        var registry = context.getBean(io.micrometer.core.instrument.MeterRegistry.class);
        var counter = registry.find(name).tags(tags).counter();
        return counter == null ? 0 : counter.count();
    }

    String ws() {
        return "ws://127.0.0.1:" + port + "/api/ws";
    }

    String ws(String token) {
        return ws() + "?token=" + token;
    }

    String http(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    TokenService tokens() {
        return context.getBean(TokenService.class);
    }

    String token(long userId) {
        return tokens().issue(userId, "user" + userId, Duration.ofHours(1));
    }

    WsTestClient connect() {
        WsTestClient client = WsTestClient.connect(ws());
        client.awaitType("welcome");
        return client;
    }

    WsTestClient connect(long userId) {
        WsTestClient client = WsTestClient.connect(ws(token(userId)));
        client.awaitType("welcome");
        return client;
    }

    HttpResponse<String> get(String path) {
        try {
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(http(path))).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    HttpResponse<String> post(String path, String body, String token) {
        try {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(http(path)))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body));
            if (token != null) {
                b.header("Authorization", "Bearer " + token);
            }
            return HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        context.close();
    }
}
