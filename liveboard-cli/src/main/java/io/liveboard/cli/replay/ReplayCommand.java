package io.liveboard.cli.replay;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import io.liveboard.catalog.Topic;
import io.liveboard.catalog.TopicCatalog;
import io.liveboard.cli.CliException;
import io.liveboard.cli.KafkaOptions;
import io.liveboard.schema.AvroCodec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code liveboard replay}: decode a range of a topic to JSON lines or an Avro container file. */
@Command(name = "replay", mixinStandardHelpOptions = true,
        description = {"Decode records of a liveboard topic, by offset or time, to JSON lines or an Avro file.",
                "--from is inclusive and --to exclusive; an offset applies to every partition read, a time",
                "(ISO-8601, or a date meaning midnight UTC) is the record timestamp. Without --to it reads up to",
                "the end as of the start, or keeps reading new records with --follow (Ctrl-C stops).",
                "Topics: learning-events, leaderboard-updates, leaderboard-snapshots, user-updates,",
                "match-updates, activity, dead-letters (with or without the --prefix)."})
public final class ReplayCommand implements Callable<Integer> {

    /** Output formats. */
    enum Format { jsonl, avro }

    @Mixin
    KafkaOptions kafka;

    @Spec
    CommandSpec spec;

    @Option(names = "--topic", required = true, paramLabel = "TOPIC", description = "The topic to read.")
    String topicName;

    @Option(names = "--partition", paramLabel = "P", description = "Only this partition (default: all).")
    Integer partition;

    @Option(names = "--from", paramLabel = "OFFSET|TIME", converter = Bound.Converter.class,
            description = "Start here (default: the earliest record Kafka holds).")
    Bound from;

    @Option(names = "--to", paramLabel = "OFFSET|TIME", converter = Bound.Converter.class,
            description = "Stop before here (default: the end when the command starts).")
    Bound to;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "jsonl",
            description = "jsonl (default) or avro (an Avro object container file; needs --out).")
    Format format;

    @Option(names = "--out", paramLabel = "FILE", description = "Write here instead of standard output.")
    Path out;

    @Option(names = "--follow", description = "Keep reading new records until interrupted.")
    boolean follow;

    @Option(names = "--limit", paramLabel = "N", description = "Stop after N records.")
    Long limit;

    @Override
    public Integer call() throws IOException {
        validate();
        TopicCatalog catalog = kafka.catalog();
        Topic topic = catalog.resolve(topicName).orElseThrow(() -> new CliException("unknown topic '" + topicName
                + "'; one of: " + Stream.of(Topic.values()).map(Topic::baseName).collect(Collectors.joining(", ")),
                CliException.USAGE));
        String fullName = catalog.name(topic);
        kafka.connectedAdmin().close();
        try (KafkaConsumer<String, byte[]> consumer = consumer();
             RecordSink sink = sink()) {
            stopOnInterrupt(consumer);
            List<TopicPartition> partitions = partitions(consumer, fullName);
            consumer.assign(partitions);
            Map<TopicPartition, Long> ends = startAndEnd(consumer, partitions);
            long count = read(consumer, ends, sink);
            PrintWriter err = spec.commandLine().getErr();
            err.printf("Replayed %d records from %s (%s).%n", count, fullName,
                    partition == null ? partitions.size() + " partitions" : "partition " + partition);
            err.flush();
            return 0;
        } finally {
            // The sink is closed by now: a Ctrl-C may end the JVM.
            closed.countDown();
        }
    }

    private final CountDownLatch closed = new CountDownLatch(1);

    private void stopOnInterrupt(KafkaConsumer<String, byte[]> consumer) {
        if (!follow) {
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            consumer.wakeup();
            try {
                closed.await(10, java.util.concurrent.TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "replay-stop"));
    }

    private void validate() {
        if (follow && to != null) {
            throw new CliException("--follow reads without end; it cannot be combined with --to", CliException.USAGE);
        }
        if (format == Format.avro && out == null) {
            throw new CliException("--format avro writes a binary file: give it --out FILE", CliException.USAGE);
        }
        if (partition != null && partition < 0) {
            throw new CliException("--partition must be 0 or more", CliException.USAGE);
        }
        if (limit != null && limit < 1) {
            throw new CliException("--limit must be at least 1", CliException.USAGE);
        }
        if (from != null && to != null && from.isOffset() && to.isOffset() && to.offset() < from.offset()) {
            throw new CliException("--to offset is before --from offset", CliException.USAGE);
        }
    }

    private KafkaConsumer<String, byte[]> consumer() {
        Properties props = kafka.clientProperties();
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        // Only what the processors committed: aborted transactions are not part of the history.
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        return new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
    }

    private RecordSink sink() throws IOException {
        if (format == Format.avro) {
            return new AvroFileSink(out);
        }
        if (out == null) {
            return new JsonLinesSink(spec.commandLine().getOut(), false);
        }
        OutputStream stream = Files.newOutputStream(out);
        return new JsonLinesSink(stream);
    }

    private List<TopicPartition> partitions(KafkaConsumer<String, byte[]> consumer, String fullName) {
        List<PartitionInfo> infos = consumer.partitionsFor(fullName, kafka.timeout());
        if (infos == null || infos.isEmpty()) {
            throw new CliException("topic " + fullName + " does not exist at " + kafka.bootstrap()
                    + " (run './liveboard topics' first, or check --prefix)");
        }
        if (partition != null) {
            if (partition >= infos.size()) {
                throw new CliException(fullName + " has " + infos.size() + " partitions; there is no partition "
                        + partition, CliException.USAGE);
            }
            return List.of(new TopicPartition(fullName, partition));
        }
        return infos.stream().map(p -> new TopicPartition(fullName, p.partition()))
                .sorted(java.util.Comparator.comparingInt(TopicPartition::partition)).toList();
    }

    /** Seeks every partition to its start; returns its end offset (exclusive), or Long.MAX_VALUE when following. */
    private Map<TopicPartition, Long> startAndEnd(KafkaConsumer<String, byte[]> consumer, List<TopicPartition> partitions) {
        Map<TopicPartition, Long> beginnings = consumer.beginningOffsets(partitions, kafka.timeout());
        Map<TopicPartition, Long> latest = consumer.endOffsets(partitions, kafka.timeout());
        Map<TopicPartition, Long> starts = offsetsAt(consumer, partitions, from, beginnings, latest);
        Map<TopicPartition, Long> ends = new HashMap<>();
        Map<TopicPartition, Long> toOffsets = to == null ? latest : offsetsAt(consumer, partitions, to, beginnings, latest);
        for (TopicPartition tp : partitions) {
            long start = Math.max(beginnings.get(tp), Math.min(starts.get(tp), latest.get(tp)));
            consumer.seek(tp, start);
            ends.put(tp, follow ? Long.MAX_VALUE : Math.min(latest.get(tp), toOffsets.get(tp)));
        }
        return ends;
    }

    private Map<TopicPartition, Long> offsetsAt(KafkaConsumer<String, byte[]> consumer, List<TopicPartition> partitions,
                                                Bound bound, Map<TopicPartition, Long> beginnings,
                                                Map<TopicPartition, Long> latest) {
        Map<TopicPartition, Long> result = new HashMap<>();
        if (bound == null) {
            result.putAll(beginnings);
        } else if (bound.isOffset()) {
            partitions.forEach(tp -> result.put(tp, bound.offset()));
        } else {
            Map<TopicPartition, Long> query = new HashMap<>();
            partitions.forEach(tp -> query.put(tp, bound.time().toEpochMilli()));
            Map<TopicPartition, OffsetAndTimestamp> found = consumer.offsetsForTimes(query, kafka.timeout());
            for (TopicPartition tp : partitions) {
                OffsetAndTimestamp at = found.get(tp);
                result.put(tp, at == null ? latest.get(tp) : at.offset());
            }
        }
        return result;
    }

    private long read(KafkaConsumer<String, byte[]> consumer, Map<TopicPartition, Long> ends, RecordSink sink)
            throws IOException {
        AvroCodec codec = AvroCodec.shared();
        long count = 0;
        try {
            while (!finished(consumer, ends) && (limit == null || count < limit)) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    TopicPartition tp = new TopicPartition(record.topic(), record.partition());
                    if (record.offset() >= ends.get(tp) || (limit != null && count >= limit)) {
                        continue;
                    }
                    sink.write(DecodedRecord.decode(record, codec));
                    count++;
                }
                sink.flush();
            }
        } catch (WakeupException e) {
            // Ctrl-C in follow mode: finish the file cleanly.
        }
        sink.flush();
        return count;
    }

    private static boolean finished(KafkaConsumer<String, byte[]> consumer, Map<TopicPartition, Long> ends) {
        for (Map.Entry<TopicPartition, Long> e : ends.entrySet()) {
            if (consumer.position(e.getKey()) < e.getValue()) {
                return false;
            }
        }
        return true;
    }
}
