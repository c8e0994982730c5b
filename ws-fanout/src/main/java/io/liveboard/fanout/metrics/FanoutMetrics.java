package io.liveboard.fanout.metrics;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

import io.liveboard.catalog.ChannelKind;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * The node's Prometheus metrics (prefix {@code liveboard.fanout}). Counters are bumped once per batch on the hot
 * path (one delivery task to many subscribers adds its count once), never once per subscriber.
 */
public final class FanoutMetrics {

    /** The delivery figures: a channel with a handful of subscribers, a broadcast to 10,000. */
    private static final Duration[] DELIVERY_TARGETS = {Duration.ofMillis(10), Duration.ofMillis(100)};

    private final MeterRegistry registry;
    private final AtomicInteger connections = new AtomicInteger();
    private final Map<ChannelKind, AtomicInteger> subscriptions = new EnumMap<>(ChannelKind.class);
    private final Counter delivered;
    private final Counter slowDisconnects;
    private final Counter resumeMemory;
    private final Counter resumeKafka;
    private final Counter resumeLost;
    private final Counter rejectedConnections;
    private final Timer latency;
    private final Timer nodeLatency;

    public FanoutMetrics(MeterRegistry registry) {
        this.registry = registry;
        Gauge.builder("liveboard.fanout.connections", connections, AtomicInteger::get)
                .description("open WebSocket connections").register(registry);
        for (ChannelKind kind : ChannelKind.values()) {
            AtomicInteger count = new AtomicInteger();
            subscriptions.put(kind, count);
            Gauge.builder("liveboard.fanout.subscriptions", count, AtomicInteger::get)
                    .tag("kind", kind.name().toLowerCase().replace('_', '-'))
                    .description("active subscriptions by channel kind").register(registry);
        }
        delivered = Counter.builder("liveboard.fanout.messages.delivered")
                .description("event messages written to client sockets").register(registry);
        slowDisconnects = Counter.builder("liveboard.fanout.slow.disconnects")
                .description("clients closed with 4000 because their outbound buffer was full").register(registry);
        resumeMemory = resume("memory");
        resumeKafka = resume("kafka");
        resumeLost = resume("lost");
        rejectedConnections = Counter.builder("liveboard.fanout.connections.rejected")
                .description("upgrades refused: bad token, origin, connection limit").register(registry);
        latency = Timer.builder("liveboard.fanout.delivery.latency")
                .description("record timestamp to the write of the message on the socket")
                .publishPercentileHistogram()
                // Buckets at the targets themselves (a small channel's 10 ms, a broadcast's 100 ms), so the share
                // delivered within them is counted exactly instead of read off the nearest generated bucket.
                .serviceLevelObjectives(DELIVERY_TARGETS)
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofSeconds(30))
                .register(registry);
        // The part the node itself adds. The one above includes Kafka's hop and, for derived events, the
        // processors' commit interval (outputs carry their input's time): an alert on it cannot tell the node from
        // its upstream.
        nodeLatency = Timer.builder("liveboard.fanout.delivery.node.latency")
                .description("the live consumer's poll returning the record to the write of the message on the socket")
                .publishPercentileHistogram()
                .serviceLevelObjectives(DELIVERY_TARGETS)
                .minimumExpectedValue(Duration.ofNanos(100_000))
                .maximumExpectedValue(Duration.ofSeconds(10))
                .register(registry);
    }

    private Counter resume(String source) {
        return Counter.builder("liveboard.fanout.resumes").tag("source", source)
                .description("resume requests by where the history came from (lost: no longer in Kafka)")
                .register(registry);
    }

    public AtomicInteger connections() {
        return connections;
    }

    public void subscribed(ChannelKind kind, int delta) {
        subscriptions.get(kind).addAndGet(delta);
    }

    /** @param polledNanos when the live consumer's poll returned the record ({@link System#nanoTime()}) */
    public void delivered(int count, long recordTimestampMs, long polledNanos) {
        if (count > 0) {
            delivered.increment(count);
            long ms = System.currentTimeMillis() - recordTimestampMs;
            if (ms >= 0) {
                latency.record(ms, TimeUnit.MILLISECONDS);
            }
            nodeLatency.record(System.nanoTime() - polledNanos, TimeUnit.NANOSECONDS);
        }
    }

    public void slowDisconnect() {
        slowDisconnects.increment();
    }

    public void resumedFromMemory() {
        resumeMemory.increment();
    }

    public void resumedFromKafka() {
        resumeKafka.increment();
    }

    public void resumeLost() {
        resumeLost.increment();
    }

    public void rejected() {
        rejectedConnections.increment();
    }

    /** A REST call for a connection another node holds, passed to the peers: found there or not. */
    public void restForwarded(boolean found) {
        registry.counter("liveboard.fanout.rest.forwarded", "outcome", found ? "found" : "not-found").increment();
    }

    public void skipped(String reason) {
        registry.counter("liveboard.fanout.records.skipped", "reason", reason).increment();
    }

    public void consumerLag(LongSupplier lag) {
        Gauge.builder("liveboard.fanout.consumer.lag", lag, s -> s.getAsLong())
                .description("records the live consumer is behind the end of the output topics").register(registry);
    }
}
