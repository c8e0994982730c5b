package io.liveboard.processors;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import io.liveboard.catalog.LiveboardHeaders;
import io.liveboard.catalog.Topic;
import io.liveboard.catalog.TopicCatalog;
import io.liveboard.processors.deadletter.DeadLetterListener;
import io.liveboard.schema.AvroCodec;
import io.liveboard.testing.EmbeddedKafka;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.KafkaStreams;

/** Integration-test helpers: run instances, feed a workload, wait until everything is processed, read outputs. */
public final class Pipeline {

    private Pipeline() {
    }

    /** Streams settings as the app builds them, for an in-process instance or a child JVM. */
    public static Properties streamsConfig(EmbeddedKafka kafka, TopicCatalog catalog, Path stateDir) {
        TopicsProperties topics = new TopicsProperties(catalog.prefix(), false, (short) 1);
        ProcessorsProperties processors = new ProcessorsProperties(stateDir.toString(), 100, 0,
                Integer.getInteger("threads", 1),
                Duration.ofDays(7), ProcessorsProperties.defaultCommitInterval(), Duration.ofMillis(5),
                Duration.ofSeconds(10));
        Properties p = StreamsSettings.build(Map.of(), kafka.bootstrapServers(), topics, processors);
        // Let a killed or departed member's tasks move within seconds (6 s is the broker's minimum).
        p.put("session.timeout.ms", 6000);
        p.put("heartbeat.interval.ms", 1500);
        // Benchmarks may try other settings: -Dstreams.<name>=<value>.
        System.getProperties().stringPropertyNames().stream().filter(n -> n.startsWith("streams."))
                .forEach(n -> p.put(n.substring("streams.".length()), System.getProperty(n)));
        return p;
    }

    public static KafkaStreams start(EmbeddedKafka kafka, TopicCatalog catalog, Path stateDir) {
        KafkaStreams streams = new KafkaStreams(ProcessorsTopology.build(new TopologySettings(catalog, 100,
                Duration.ofDays(7), DeadLetterListener.NONE, ProcessorsProperties.defaultCommitInterval(),
                !Boolean.getBoolean("inMemoryStores"))),
                streamsConfig(kafka, catalog, stateDir));
        streams.start();
        return streams;
    }

    public static void send(EmbeddedKafka kafka, TopicCatalog catalog, List<Workload.Input> inputs) {
        try (KafkaProducer<String, byte[]> producer = kafka.producer()) {
            for (Workload.Input in : inputs) {
                byte[] value = in.raw() != null ? in.raw() : AvroCodec.shared().encode(in.event());
                producer.send(new ProducerRecord<>(catalog.name(Topic.LEARNING_EVENTS), in.key(), value));
            }
            producer.flush();
        }
    }

    /** Committed offsets of the app's group on learning-events: how far the first stage got. */
    public static long committedInput(EmbeddedKafka kafka, TopicCatalog catalog) {
        try (Admin admin = kafka.admin()) {
            Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(
                    StreamsSettings.applicationId(catalog.prefix())).partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
            return offsets.entrySet().stream().filter(e -> e.getKey().topic().equals(catalog.name(Topic.LEARNING_EVENTS)))
                    .mapToLong(e -> e.getValue() == null ? 0 : e.getValue().offset()).sum();
        } catch (Exception e) {
            return 0;
        }
    }

    /**
     * True when the app's group has committed every source partition (input and repartition topics) up to
     * its end: everything produced so far is processed and its outputs committed.
     */
    public static boolean caughtUp(EmbeddedKafka kafka, TopicCatalog catalog) {
        String appId = StreamsSettings.applicationId(catalog.prefix());
        try (Admin admin = kafka.admin()) {
            List<String> sources = new ArrayList<>();
            sources.add(catalog.name(Topic.LEARNING_EVENTS));
            for (String name : admin.listTopics().names().get(10, TimeUnit.SECONDS)) {
                if (name.startsWith(appId + "-") && name.endsWith("-repartition")) {
                    sources.add(name);
                }
            }
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            admin.describeTopics(sources).allTopicNames().get(10, TimeUnit.SECONDS).forEach((name, d) ->
                    d.partitions().forEach(p -> latest.put(new TopicPartition(name, p.partition()), OffsetSpec.latest())));
            Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends = admin.listOffsets(latest).all()
                    .get(10, TimeUnit.SECONDS);
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(appId)
                    .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
            for (var e : ends.entrySet()) {
                long end = e.getValue().offset();
                OffsetAndMetadata c = committed.get(e.getKey());
                long at = c == null ? 0 : c.offset();
                if (at < end) {
                    return false;
                }
            }
            return true;
        } catch (Exception e) {
            return false;
        }
    }

    private static final java.util.Set<String> RANK_ACHIEVEMENTS = java.util.Set.of("top-10", "top-5", "rank-1");

    /** Splits each partition's records by the stage (task) that produced them, keeping their order. */
    public static Map<String, List<Output>> byOrigin(Map<String, List<Output>> outputs) {
        Map<String, List<Output>> result = new java.util.TreeMap<>();
        outputs.forEach((partition, records) -> {
            for (Output o : records) {
                String origin;
                if (partition.startsWith("leaderboard-") || "rank.changed".equals(o.type())
                        || "rank.improved".equals(o.type()) || "leader.changed".equals(o.type())) {
                    origin = "leaderboard";
                } else if (partition.startsWith("match-")) {
                    origin = "match";
                } else if ("achievement.unlocked".equals(o.type())
                        && RANK_ACHIEVEMENTS.stream().anyMatch(id -> o.value().contains("\"achievement\": \"" + id + "\""))) {
                    origin = "rank-achievements";
                } else {
                    origin = "user";
                }
                result.computeIfAbsent(partition + " from " + origin, k -> new ArrayList<>()).add(o);
            }
        });
        return result;
    }

    /** Everything committed in a topic up to its current end (read_committed), in partition order. */
    public static List<ConsumerRecord<String, byte[]>> readFully(EmbeddedKafka kafka, String topic) {
        List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = kafka.consumer()) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).sorted(Comparator.comparingInt(TopicPartition::partition))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("could not read " + topic + " to its end");
                }
                consumer.poll(Duration.ofMillis(100)).forEach(records::add);
            }
        }
        records.sort(Comparator.comparingInt((ConsumerRecord<String, byte[]> r) -> r.partition())
                .thenComparingLong(ConsumerRecord::offset));
        return records;
    }

    /** One output record as compared between runs: key, channels, type and the exact value bytes. */
    public record Output(String key, String channels, String type, String eventId, String value) {
    }

    /** Every output topic's records, by topic and partition, in partition order. */
    public static Map<String, List<Output>> readOutputs(EmbeddedKafka kafka, TopicCatalog catalog) {
        Map<String, List<Output>> all = new LinkedHashMap<>();
        for (Topic topic : Topic.values()) {
            if (topic == Topic.LEARNING_EVENTS) {
                continue;
            }
            for (ConsumerRecord<String, byte[]> r : readFully(kafka, catalog.name(topic))) {
                String channels = LiveboardHeaders.lastString(r.headers(), LiveboardHeaders.CHANNELS);
                String type = LiveboardHeaders.lastString(r.headers(), LiveboardHeaders.TYPE);
                String value;
                String eventId = null;
                if (topic == Topic.DEAD_LETTERS) {
                    value = new String(r.value()) + " " + LiveboardHeaders.lastString(r.headers(), LiveboardHeaders.DL_SOURCE_OFFSET)
                            + " " + LiveboardHeaders.lastString(r.headers(), LiveboardHeaders.DL_ERROR);
                } else {
                    var record = AvroCodec.shared().decode(r.value());
                    value = record.toString();
                    eventId = String.valueOf(record.get(record.getSchema().getField("event_id").pos()));
                }
                all.computeIfAbsent(topic.baseName() + "-" + r.partition(), k -> new ArrayList<>())
                        .add(new Output(r.key(), channels, type, eventId, value));
            }
        }
        return all;
    }
}
