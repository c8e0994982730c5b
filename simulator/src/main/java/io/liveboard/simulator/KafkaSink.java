package io.liveboard.simulator;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import io.liveboard.catalog.Topic;
import io.liveboard.catalog.TopicCatalog;
import io.liveboard.events.LearningEvent;
import io.liveboard.schema.AvroCodec;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Events to learning-events, Avro single-object encoded, keyed by user id: an asynchronous idempotent
 * producer that batches (linger 5 ms, lz4), so one core sustains benchmark rates. The record timestamp
 * stays the produce time (back-dated events must not fall out of retention); event time is occurred_at.
 */
final class KafkaSink implements EventSink {

    private final KafkaProducer<byte[], byte[]> producer;
    private final String topic;
    private final String bootstrap;
    private final Duration timeout;
    private final String historyRefusal;
    private final AvroCodec codec = AvroCodec.shared();
    private final AtomicLong delivered = new AtomicLong();
    private final AtomicReference<Exception> failure = new AtomicReference<>();
    private final Callback callback = (metadata, exception) -> {
        if (exception == null) {
            delivered.incrementAndGet();
        } else {
            failure.compareAndSet(null, exception);
        }
    };

    private KafkaSink(KafkaProducer<byte[], byte[]> producer, String topic, String bootstrap, Duration timeout,
                      String historyRefusal) {
        this.producer = producer;
        this.topic = topic;
        this.bootstrap = bootstrap;
        this.timeout = timeout;
        this.historyRefusal = historyRefusal;
    }

    /**
     * Checks Kafka answers and the topic exists, and whether it is empty (history goes only into an empty
     * topic, so a restart does not replay it twice); then opens the producer.
     */
    static KafkaSink open(SimulatorConfig config) {
        String topic = new TopicCatalog(config.prefix()).name(Topic.LEARNING_EVENTS);
        Properties common = common(config);
        long waitMs = config.timeout().toMillis();
        String refusal = null;
        Admin admin = Admin.create(common);
        boolean ok = false;
        try {
            try {
                admin.describeCluster().clusterId().get(waitMs, TimeUnit.MILLISECONDS);
            } catch (TimeoutException | ExecutionException e) {
                throw new SimulatorException(SimulatorException.Reason.KAFKA_UNREACHABLE,
                        "cannot reach Kafka at " + config.bootstrap() + " within " + human(config.timeout()));
            }
            TopicDescription description;
            try {
                description = admin.describeTopics(List.of(topic)).allTopicNames().get(waitMs, TimeUnit.MILLISECONDS)
                        .get(topic);
            } catch (ExecutionException e) {
                if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                    throw new SimulatorException(SimulatorException.Reason.TOPIC_MISSING,
                            "topic " + topic + " does not exist at " + config.bootstrap());
                }
                throw new SimulatorException(SimulatorException.Reason.KAFKA_FAILED,
                        "cannot describe " + topic + ": " + e.getCause().getMessage());
            } catch (TimeoutException e) {
                throw new SimulatorException(SimulatorException.Reason.KAFKA_UNREACHABLE,
                        "Kafka at " + config.bootstrap() + " did not describe " + topic + " within " + human(config.timeout()));
            }
            if (config.historyDays() > 0 && !isEmpty(admin, description, waitMs)) {
                refusal = topic + " already holds events";
            }
            ok = true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SimulatorException(SimulatorException.Reason.KAFKA_FAILED, "interrupted while connecting to Kafka");
        } finally {
            // After a failure, do not wait for requests that will not be answered.
            admin.close(ok ? config.timeout() : Duration.ZERO);
        }
        Properties props = new Properties();
        props.putAll(common);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        props.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, Integer.toString(128 * 1024));
        props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        props.put(ProducerConfig.BUFFER_MEMORY_CONFIG, Long.toString(64L * 1024 * 1024));
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, Long.toString(waitMs));
        long requestMs = Long.parseLong(common.getProperty(CommonClientConfigs.REQUEST_TIMEOUT_MS_CONFIG));
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, Long.toString(Math.max(waitMs, 30_000) + requestMs + 5));
        props.putAll(config.kafkaProperties());
        try {
            KafkaProducer<byte[], byte[]> producer =
                    new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
            return new KafkaSink(producer, topic, config.bootstrap(), config.timeout(), refusal);
        } catch (KafkaException e) {
            throw new SimulatorException(SimulatorException.Reason.KAFKA_FAILED,
                    "cannot create a Kafka producer: " + rootMessage(e), e);
        }
    }

    private static Properties common(SimulatorConfig config) {
        Properties props = new Properties();
        props.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, config.bootstrap());
        props.put(CommonClientConfigs.CLIENT_ID_CONFIG, "liveboard-simulator");
        int ms = (int) Math.min(Integer.MAX_VALUE, config.timeout().toMillis());
        props.put(CommonClientConfigs.DEFAULT_API_TIMEOUT_MS_CONFIG, Integer.toString(ms));
        props.put(CommonClientConfigs.REQUEST_TIMEOUT_MS_CONFIG, Integer.toString(Math.max(1000, ms / 2)));
        for (Map.Entry<String, String> e : config.kafkaProperties().entrySet()) {
            props.put(e.getKey(), e.getValue());
        }
        return props;
    }

    /** No record present in any partition (end offset equals start offset everywhere). */
    private static boolean isEmpty(Admin admin, TopicDescription description, long waitMs)
            throws InterruptedException {
        List<TopicPartition> partitions = new ArrayList<>();
        description.partitions().forEach(p -> partitions.add(new TopicPartition(description.name(), p.partition())));
        Map<TopicPartition, OffsetSpec> earliest = new java.util.HashMap<>();
        Map<TopicPartition, OffsetSpec> latest = new java.util.HashMap<>();
        for (TopicPartition tp : partitions) {
            earliest.put(tp, OffsetSpec.earliest());
            latest.put(tp, OffsetSpec.latest());
        }
        try {
            Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> starts =
                    admin.listOffsets(earliest).all().get(waitMs, TimeUnit.MILLISECONDS);
            Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends =
                    admin.listOffsets(latest).all().get(waitMs, TimeUnit.MILLISECONDS);
            for (TopicPartition tp : partitions) {
                if (ends.get(tp).offset() > starts.get(tp).offset()) {
                    return false;
                }
            }
            return true;
        } catch (ExecutionException | TimeoutException e) {
            throw new SimulatorException(SimulatorException.Reason.KAFKA_FAILED,
                    "cannot read the offsets of " + description.name() + ": " + rootMessage(e));
        }
    }

    @Override
    public void send(User user, LearningEvent event) {
        Exception failed = failure.get();
        if (failed != null) {
            throw refused(failed);
        }
        try {
            producer.send(new ProducerRecord<>(topic, user.key, codec.encode(event)), callback);
        } catch (KafkaException | IllegalStateException e) {
            throw refused(e);
        }
    }

    @Override
    public void warmUp(List<LearningEvent> samples) {
        try {
            producer.partitionsFor(topic);
        } catch (KafkaException e) {
            throw refused(e);
        }
    }

    @Override
    public void flush() {
        try {
            producer.flush();
        } catch (KafkaException e) {
            throw refused(e);
        }
        Exception failed = failure.get();
        if (failed != null) {
            throw refused(failed);
        }
    }

    @Override
    public void close() {
        producer.close(timeout);
    }

    @Override
    public long delivered() {
        return delivered.get();
    }

    @Override
    public String historyRefusal() {
        return historyRefusal;
    }

    @Override
    public String destination() {
        return topic + " at " + bootstrap;
    }

    private SimulatorException refused(Exception e) {
        if (e instanceof org.apache.kafka.common.errors.TimeoutException) {
            return new SimulatorException(SimulatorException.Reason.KAFKA_FAILED, "Kafka at " + bootstrap
                    + " stopped taking events: " + rootMessage(e), e);
        }
        return new SimulatorException(SimulatorException.Reason.KAFKA_FAILED,
                "Kafka at " + bootstrap + " refused events: " + rootMessage(e), e);
    }

    static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage();
        return message == null ? root.getClass().getSimpleName() : message.lines().findFirst().orElse("");
    }

    static String human(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + "s" : d.toMillis() + "ms";
    }
}
