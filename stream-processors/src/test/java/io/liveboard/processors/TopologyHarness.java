package io.liveboard.processors;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;

import io.liveboard.catalog.LiveboardHeaders;
import io.liveboard.catalog.Topic;
import io.liveboard.catalog.TopicCatalog;
import io.liveboard.events.LearningEvent;
import io.liveboard.processors.deadletter.DeadLetterListener;
import io.liveboard.schema.AvroCodec;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;

/**
 * The whole topology on a {@link TopologyTestDriver} (no broker, no Spring): send events, read what
 * each output topic got, decoded, with channels and headers. Record timestamps advance 10 ms per input
 * (the produce time; event times are in the events).
 */
public final class TopologyHarness implements AutoCloseable {

    public static final Instant PRODUCE_START = Instant.parse("2026-11-26T12:00:00Z");
    /** Leaderboard snapshots are written on this wall-clock tick; {@link #send} lets one pass after each event. */
    public static final Duration SNAPSHOT_INTERVAL = ProcessorsProperties.defaultCommitInterval();

    private final TopologyTestDriver driver;
    private final TestInputTopic<String, byte[]> input;
    private final TopicCatalog catalog = new TopicCatalog("t.");
    private final Path stateDir;
    public final List<String> deadLetterReasons = new ArrayList<>();
    public final AtomicInteger deadLetterCount = new AtomicInteger();

    public TopologyHarness() {
        this(TopologySettings.DEFAULT_TOP_N);
    }

    public TopologyHarness(int topN) {
        try {
            stateDir = Files.createTempDirectory("lb-ttd");
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
        DeadLetterListener listener = (reason, stage) -> {
            deadLetterReasons.add(reason);
            deadLetterCount.incrementAndGet();
        };
        TopologySettings settings = new TopologySettings(catalog, topN, Duration.ofDays(7), listener, SNAPSHOT_INTERVAL, false);
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, StreamsSettings.applicationId(catalog.prefix()));
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        props.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, 0);
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        driver = new TopologyTestDriver(ProcessorsTopology.build(settings), props);
        input = driver.createInputTopic(catalog.name(Topic.LEARNING_EVENTS), new StringSerializer(),
                new ByteArraySerializer(), PRODUCE_START, Duration.ofMillis(10));
    }

    /** Each event as if it had a transaction of its own: its leaderboard snapshot follows it. */
    public TopologyHarness send(LearningEvent... events) {
        for (LearningEvent e : events) {
            sendWithoutTick(e).tick();
        }
        return this;
    }

    /** The events within one snapshot interval: one snapshot per changed board only after {@link #tick}. */
    public TopologyHarness sendWithoutTick(LearningEvent... events) {
        for (LearningEvent e : events) {
            input.pipeInput(Long.toString(e.getUserId()), AvroCodec.shared().encode(e));
        }
        return this;
    }

    /** Let one snapshot interval of wall-clock time pass. */
    public TopologyHarness tick() {
        driver.advanceWallClockTime(SNAPSHOT_INTERVAL);
        return this;
    }

    public void sendRaw(String key, byte[] value) {
        input.pipeInput(key, value);
        tick();
    }

    public TopologyTestDriver driver() {
        return driver;
    }

    /** Everything written to a topic since the last read of it. */
    public List<Out> read(Topic topic) {
        TestOutputTopic<String, byte[]> out = driver.createOutputTopic(catalog.name(topic), new StringDeserializer(),
                new ByteArrayDeserializer());
        List<Out> result = new ArrayList<>();
        for (TestRecord<String, byte[]> r : out.readRecordsToList()) {
            SpecificRecord value = topic == Topic.DEAD_LETTERS ? null : AvroCodec.shared().decode(r.value());
            result.add(new Out(r.key(), value, r.value(), r.headers()));
        }
        return result;
    }

    /** Records of one type from a topic (reading the topic). */
    public <T extends SpecificRecord> List<T> read(Topic topic, Class<T> type) {
        return read(topic).stream().map(Out::value).filter(type::isInstance).map(type::cast).toList();
    }

    @Override
    public void close() {
        driver.close();
    }

    /** One output record. */
    public record Out(String key, SpecificRecord value, byte[] raw, Headers headers) {

        public List<String> channels() {
            return LiveboardHeaders.channelNames(headers);
        }

        public String header(String name) {
            Header h = headers.lastHeader(name);
            return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
        }
    }
}
