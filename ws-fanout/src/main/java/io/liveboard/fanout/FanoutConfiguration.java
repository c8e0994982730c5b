package io.liveboard.fanout;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import io.liveboard.catalog.PropertyNames;
import io.liveboard.catalog.TopicCatalog;
import io.liveboard.fanout.auth.TokenService;
import io.liveboard.fanout.channel.Hub;
import io.liveboard.fanout.history.HistoryStore;
import io.liveboard.fanout.kafka.KafkaHistoryReader;
import io.liveboard.fanout.kafka.LiveConsumer;
import io.liveboard.fanout.kafka.RecordRenderer;
import io.liveboard.fanout.metrics.FanoutMetrics;
import io.liveboard.fanout.ws.EventLoops;
import io.liveboard.fanout.ws.OriginPolicy;
import io.liveboard.fanout.ws.WsUpgradeHandler;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.reactor.netty.NettyServerCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.client.ReactorResourceFactory;
import reactor.netty.NettyPipeline;
import reactor.netty.resources.ConnectionProvider;

/** Wires one fan-out node. Nothing here is static: several nodes may live in one JVM (tests, the launcher). */
@Configuration(proxyBeanMethods = false)
class FanoutConfiguration {

    /** Distinguishes this node's threads and connection ids from other nodes in the same JVM or cluster. */
    @Bean
    NodeName nodeName() {
        return new NodeName(UUID.randomUUID().toString().substring(0, 6));
    }

    record NodeName(String value) {
    }

    @Bean
    TopicCatalog topicCatalog(@Value("${" + PropertyNames.TOPICS_PREFIX + ":}") String prefix) {
        return new TopicCatalog(prefix);
    }

    @Bean
    FanoutMetrics fanoutMetrics(MeterRegistry registry) {
        return new FanoutMetrics(registry);
    }

    @Bean
    HistoryStore historyStore(FanoutProperties props) {
        return new HistoryStore(props.history().recordsPerPartition(), props.history().activityItems());
    }

    @Bean
    Hub hub(FanoutProperties props, FanoutMetrics metrics, HistoryStore history, NodeName node) {
        return new Hub(props, metrics, history, node.value());
    }

    @Bean
    RecordRenderer recordRenderer(FanoutMetrics metrics) {
        return new RecordRenderer(metrics::skipped);
    }

    @Bean
    KafkaSettings kafkaSettings(@Value("${" + PropertyNames.BOOTSTRAP_SERVERS + ":${"
            + PropertyNames.BOOTSTRAP_SERVERS_ENV + ":" + PropertyNames.DEFAULT_BOOTSTRAP + "}}") String bootstrap) {
        return new KafkaSettings(bootstrap);
    }

    /** Kafka consumer settings shared by the live and the history consumer. */
    record KafkaSettings(String bootstrap) {
        Map<String, Object> consumer(String clientId, int maxPollRecords) {
            Map<String, Object> props = new HashMap<>();
            props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
            props.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
            // The processors write with exactly-once: only committed records are real.
            props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
            // Partitions are assigned, not managed by a group: nothing to commit.
            props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
            props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
            props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, maxPollRecords);
            props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
            props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
            // fetch.min.bytes stays 1: a fetch returns as soon as one record is there, so fetch.max.wait.ms only
            // bounds idle polling (the live consumer waits longer than the default 500 ms: less idle CPU).
            return props;
        }
    }

    @Bean(destroyMethod = "close")
    KafkaHistoryReader kafkaHistoryReader(KafkaSettings kafka, TopicCatalog catalog, RecordRenderer renderer,
                                          FanoutProperties props, Hub hub, NodeName node) {
        FanoutProperties.History h = props.history();
        KafkaHistoryReader reader = new KafkaHistoryReader(kafka.consumer("liveboard-fanout-history-" + node.value(),
                Math.min(2000, h.kafkaScanBudget())), catalog, renderer, h.kafkaChunk(), h.kafkaScanBudget(),
                h.kafkaQueue(), node.value());
        hub.useReader(reader);
        return reader;
    }

    @Bean(destroyMethod = "close")
    LiveConsumer liveConsumer(KafkaSettings kafka, TopicCatalog catalog, HistoryStore history, Hub hub,
                              RecordRenderer renderer, FanoutProperties props, FanoutMetrics metrics, NodeName node) {
        LiveConsumer consumer = new LiveConsumer(kafka.consumer("liveboard-fanout-live-" + node.value(), 1000),
                catalog, history, hub, renderer, props.history().recordsPerPartition(), node.value());
        metrics.consumerLag(consumer::lag);
        consumer.start();
        return consumer;
    }

    /**
     * This node's own Netty event loops, closed with the context: the global ones Reactor shares by default would
     * outlive it, or be closed under another app in the same JVM.
     */
    @Bean
    ReactorResourceFactory reactorResourceFactory(NodeName node, FanoutProperties props,
                                                  @Value("${liveboard.fanout.io-threads:0}") int ioThreads) {
        ReactorResourceFactory factory = new ReactorResourceFactory();
        factory.setUseGlobalResources(false);
        // One event loop per core: a broadcast is CPU-bound, and more loops than cores only add context switches
        // (BENCHMARKS.md, run 3). Reactor's own default would be max(4, cores).
        int threads = ioThreads > 0 ? ioThreads : Math.max(2, Runtime.getRuntime().availableProcessors());
        factory.setLoopResourcesSupplier(() ->
                EventLoops.create("lb-fanout-" + node.value(), threads, props.transport()));
        factory.setConnectionProviderSupplier(() -> ConnectionProvider.create("lb-fanout-" + node.value(), 16));
        factory.setShutdownQuietPeriod(Duration.ZERO);
        factory.setShutdownTimeout(Duration.ofSeconds(2));
        return factory;
    }

    @Bean
    WsUpgradeHandler wsUpgradeHandler(Hub hub, TokenService tokens, FanoutProperties props,
                                      org.springframework.core.env.Environment env) {
        // In development the dashboard may be served from anywhere (a dev server, a file): any origin, unless set.
        boolean dev = env.acceptsProfiles(org.springframework.core.env.Profiles.of(
                io.liveboard.fanout.auth.AuthConfiguration.DEV_PROFILE));
        java.util.List<String> origins = dev && props.allowedOrigins().isEmpty()
                ? java.util.List.of("*") : props.allowedOrigins();
        return new WsUpgradeHandler(hub, tokens, new OriginPolicy(origins),
                (int) props.limits().maxFrameSize().toBytes(), props.permessageDeflate(),
                props.limits().outboundBuffer().toBytes());
    }

    /** Puts the WebSocket take-over right after the HTTP codec of every connection of the public port. */
    @Bean
    NettyServerCustomizer webSocketTakeOver(WsUpgradeHandler upgrade, FanoutProperties props) {
        // A reconnect storm after a node restart arrives faster than accept() runs on a busy node: a short listen
        // backlog drops SYNs, which clients retry only after 1 s, 3 s, 7 s (STACK.md). somaxconn caps it.
        return server -> server.option(io.netty.channel.ChannelOption.SO_BACKLOG, 4096)
                .doOnChannelInit((observer, channel, address) -> {
            var pipeline = channel.pipeline();
            if (pipeline.get(NettyPipeline.HttpCodec) == null || pipeline.get(WsUpgradeHandler.NAME) != null) {
                return;
            }
            pipeline.addAfter(NettyPipeline.HttpCodec, WsUpgradeHandler.NAME, upgrade);
            if (props.permessageDeflate()) {
                pipeline.addAfter(NettyPipeline.HttpCodec, "lb.wsDeflate",
                        new io.netty.handler.codec.http.websocketx.extensions.compression
                                .WebSocketServerCompressionHandler(0));
            }
        });
    }
}
