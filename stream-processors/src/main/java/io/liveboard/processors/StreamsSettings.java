package io.liveboard.processors;

import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsConfig;

/** The Kafka Streams configuration of the processors, with why each setting is what it is. */
public final class StreamsSettings {

    static final String APPLICATION_ID = "liveboard-processors";
    /** How long the producer waits before resending a refused batch (see {@link #build}). */
    static final int PRODUCER_RETRY_BACKOFF_MS = 20;

    private StreamsSettings() {
    }

    /** The application id: the topic prefix before a fixed name, so deployments (and tests) with different prefixes never share state. */
    public static String applicationId(String topicPrefix) {
        return (topicPrefix == null ? "" : topicPrefix) + APPLICATION_ID;
    }

    /**
     * @param base the client settings from Spring ({@code spring.kafka.*}: bootstrap servers, security,
     *             {@code spring.kafka.streams.properties.*}); ours override only what correctness and
     *             latency need
     */
    public static Properties build(Map<String, Object> base, String bootstrapServers, TopicsProperties topics,
                                   ProcessorsProperties processors) {
        Properties p = new Properties();
        p.putAll(base);
        String appId = applicationId(topics.prefix());
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, appId);
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        // Nothing lost, nothing counted twice: state, outputs and input offsets commit in one transaction.
        p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        // Under exactly-once, read_committed readers see outputs only at commit: commit often.
        p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, processors.commitInterval().toMillis());
        // Record caches would hold results until commit and merge them; every update must go out.
        p.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, 0);
        // Streams' producers default to linger.ms=100, which would add up to 100 ms per hop.
        p.put(StreamsConfig.producerPrefix(ProducerConfig.LINGER_MS_CONFIG), (int) processors.producerLinger().toMillis());
        // With Kafka 4's transaction protocol (v2) a new transaction's first write to a partition can reach the
        // broker before the previous commit's marker there and is refused (CONCURRENT_TRANSACTIONS) until it is:
        // a few milliseconds. The producer's default 100 ms retry backoff turned each such race into a 150-400 ms
        // stall, and with several requests in flight the batches behind the refused one failed too
        // (OUT_OF_ORDER_SEQUENCE_NUMBER) and were resent. One request in flight and a 20 ms backoff keep that
        // race cheap: p99 85-113 ms instead of 86-389 ms at 1,000 events/s with the broker in its own process;
        // the peak rate moved within the benchmark's noise (BENCHMARKS.md). Tunable through
        // spring.kafka.streams.properties.
        p.putIfAbsent(StreamsConfig.producerPrefix(ProducerConfig.RETRY_BACKOFF_MS_CONFIG), PRODUCER_RETRY_BACKOFF_MS);
        p.putIfAbsent(StreamsConfig.producerPrefix(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION), 1);
        // The repartition hops are read as soon as they are committed; don't wait for fuller fetches.
        p.put(StreamsConfig.consumerPrefix(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG), 50);
        p.put(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, processors.standbyReplicas());
        p.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, processors.streamThreads());
        p.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, (int) topics.replicationFactor());
        String stateDir = processors.stateDir() == null || processors.stateDir().isBlank()
                ? Path.of(System.getProperty("java.io.tmpdir"), "liveboard-processors").toString()
                : processors.stateDir();
        p.put(StreamsConfig.STATE_DIR_CONFIG, stateDir);
        return p;
    }
}
