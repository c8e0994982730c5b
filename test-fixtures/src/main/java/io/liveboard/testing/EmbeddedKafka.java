package io.liveboard.testing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.liveboard.catalog.Topic;
import io.liveboard.catalog.TopicCatalog;
import io.liveboard.schema.AvroCodec;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.apache.kafka.common.utils.Exit;
import org.slf4j.LoggerFactory;

/**
 * A real in-process KRaft Kafka for tests: {@link #shared()} (one broker for the whole test JVM; tests
 * isolate themselves with a {@link #uniquePrefix topic prefix}) or {@link #start(int)} for a private
 * cluster, e.g. three brokers for failure tests.
 */
public final class EmbeddedKafka implements AutoCloseable {

    private static EmbeddedKafka shared;

    static {
        // A broker that loses its log directories (a test stopping it, the JVM exiting) calls Exit.halt, which
        // would kill the test JVM and fail the build after every test passed. Kafka's own tests do the same.
        Exit.setExitProcedure((code, message) -> LoggerFactory.getLogger(EmbeddedKafka.class)
                .warn("Kafka asked to exit the JVM ({}): {}", code, message));
        Exit.setHaltProcedure((code, message) -> LoggerFactory.getLogger(EmbeddedKafka.class)
                .warn("Kafka asked to halt the JVM ({}): {}", code, message));
    }

    private final KafkaClusterTestKit cluster;
    private final int brokerCount;
    private final String externalBootstrap;

    /** A broker running elsewhere (benchmarks: a broker in its own process, so its CPU and pauses are its own). */
    private EmbeddedKafka(String externalBootstrap) {
        this.cluster = null;
        this.brokerCount = 1;
        this.externalBootstrap = externalBootstrap;
    }

    private EmbeddedKafka(int brokerCount) {
        this.brokerCount = brokerCount;
        this.externalBootstrap = null;
        Map<String, String> props = new HashMap<>();
        // Tests create their topics from the catalog; a typo must fail, not create a topic.
        props.put("auto.create.topics.enable", "false");
        props.put("group.initial.rebalance.delay.ms", "0");
        short rf = (short) Math.min(3, brokerCount);
        props.put("offsets.topic.replication.factor", Short.toString(rf));
        props.put("transaction.state.log.replication.factor", Short.toString(rf));
        props.put("transaction.state.log.min.isr", Integer.toString(Math.max(1, rf - 1)));
        props.put("min.insync.replicas", "1");
        props.put("share.coordinator.state.topic.replication.factor", Short.toString(rf));
        props.put("share.coordinator.state.topic.min.isr", "1");
        try {
            // A separate controller node, so a failure test can stop any broker without losing the quorum.
            KafkaClusterTestKit.Builder builder = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder()
                    .setCombined(brokerCount == 1)
                    .setNumControllerNodes(1)
                    .setNumBrokerNodes(brokerCount)
                    .build());
            props.forEach(builder::setConfigProp);
            this.cluster = builder.build();
            cluster.format();
            cluster.startup();
            cluster.waitForReadyBrokers();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting Kafka", e);
        } catch (Exception e) {
            throw new IllegalStateException("cannot start an embedded Kafka of " + brokerCount + " broker(s)", e);
        }
    }

    /** A private cluster; close it when done. */
    public static EmbeddedKafka start(int brokers) {
        return new EmbeddedKafka(brokers);
    }

    /**
     * The same helpers against a single broker that is already running, e.g. {@code ./liveboard kafka start}:
     * for benchmarks that must not share their JVM with the broker. Closing it leaves the broker running.
     */
    public static EmbeddedKafka external(String bootstrapServers) {
        return new EmbeddedKafka(bootstrapServers);
    }

    /** An external broker when {@code bootstrap} is given, else a private in-process one. */
    public static EmbeddedKafka startOrExternal(String bootstrap) {
        return bootstrap == null || bootstrap.isBlank() ? start(1) : external(bootstrap);
    }

    /** The JVM-wide single broker, started on first use and stopped when the JVM exits. */
    public static synchronized EmbeddedKafka shared() {
        if (shared == null) {
            shared = new EmbeddedKafka(1);
            EmbeddedKafka toClose = shared;
            Runtime.getRuntime().addShutdownHook(new Thread(toClose::close, "embedded-kafka-shutdown"));
        }
        return shared;
    }

    /** A topic prefix no other test uses, e.g. {@code it-fanout-3f2a9c.}. */
    public static String uniquePrefix(String name) {
        return "it-" + name.replaceAll("[^A-Za-z0-9-]", "-") + "-"
                + UUID.randomUUID().toString().substring(0, 8) + ".";
    }

    public String bootstrapServers() {
        return cluster == null ? externalBootstrap : cluster.bootstrapServers();
    }

    public int brokerCount() {
        return brokerCount;
    }

    /** Kafka's own test kit, to stop and start single brokers in failure tests. */
    public KafkaClusterTestKit cluster() {
        if (cluster == null) {
            throw new IllegalStateException("an external broker (" + externalBootstrap + ") is not ours to control");
        }
        return cluster;
    }

    /** Creates every catalog topic under a fresh prefix and returns the catalog. */
    public TopicCatalog createTopics(String testName) {
        TopicCatalog catalog = new TopicCatalog(uniquePrefix(testName), (short) Math.min(3, brokerCount));
        createTopics(catalog);
        return catalog;
    }

    public void createTopics(TopicCatalog catalog) {
        try (Admin admin = admin()) {
            for (var topic : catalog.newTopics()) {
                try {
                    admin.createTopics(List.of(topic)).all().get(30, TimeUnit.SECONDS);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new IllegalStateException("cannot create " + topic.name(), e.getCause());
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (TimeoutException e) {
            throw new IllegalStateException("timed out creating topics", e);
        }
    }

    public Admin admin() {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        return Admin.create(props);
    }

    public KafkaProducer<String, byte[]> producer() {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.LINGER_MS_CONFIG, "0");
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "30000");
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "10000");
        return new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
    }

    /** Sends Avro records keyed as given and waits until Kafka has them all. */
    public void send(String topic, List<Map.Entry<String, ? extends SpecificRecord>> keyed) {
        KafkaProducer<String, byte[]> producer = producer();
        try {
            List<java.util.concurrent.Future<?>> sent = new ArrayList<>();
            for (var entry : keyed) {
                sent.add(producer.send(new ProducerRecord<>(topic, entry.getKey(),
                        AvroCodec.shared().encode(entry.getValue()))));
            }
            for (var future : sent) {
                future.get(30, TimeUnit.SECONDS);
            }
        } catch (Exception e) {
            throw new IllegalStateException("cannot send to " + topic, e);
        } finally {
            producer.close(Duration.ofSeconds(5));
        }
    }

    public KafkaConsumer<String, byte[]> consumer() {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        return new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
    }

    /**
     * Reads a topic from the start until at least {@code atLeast} records arrived and then nothing more
     * for a moment, or the timeout passed; returns what it read in partition order.
     */
    public List<ConsumerRecord<String, byte[]>> readAll(String topic, int atLeast, Duration timeout) {
        List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = consumer()) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long deadline = System.nanoTime() + timeout.toNanos();
            int quietPolls = 0;
            while (System.nanoTime() < deadline && (records.size() < atLeast || quietPolls < 2)) {
                var batch = consumer.poll(Duration.ofMillis(200));
                batch.forEach(records::add);
                quietPolls = batch.isEmpty() ? quietPolls + 1 : 0;
            }
        }
        return records;
    }

    public List<ConsumerRecord<String, byte[]>> readAll(TopicCatalog catalog, Topic topic, int atLeast, Duration timeout) {
        return readAll(catalog.name(topic), atLeast, timeout);
    }

    @Override
    public void close() {
        if (cluster == null) {
            return;
        }
        try {
            cluster.close();
        } catch (Exception e) {
            throw new IllegalStateException("cannot stop the embedded Kafka", e);
        }
    }
}
