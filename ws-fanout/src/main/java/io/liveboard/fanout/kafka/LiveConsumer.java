package io.liveboard.fanout.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import io.liveboard.catalog.Topic;
import io.liveboard.catalog.TopicCatalog;
import io.liveboard.fanout.channel.Hub;
import io.liveboard.fanout.history.HistoryStore;
import io.liveboard.fanout.history.PartitionHistory;
import io.liveboard.fanout.history.Rec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's one live reader of the output topics. It assigns itself every partition (no consumer group: every
 * node reads everything), starts each a little before its end to warm the in-memory history, reads the compacted
 * snapshots topic whole, and from then on appends each record to the history and hands it to the hub.
 * Not ready until it has reached the end offsets it found at start.
 */
public final class LiveConsumer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LiveConsumer.class);
    static final List<Topic> TOPICS = List.of(Topic.LEADERBOARD_SNAPSHOTS, Topic.LEADERBOARD_UPDATES,
            Topic.USER_UPDATES, Topic.MATCH_UPDATES, Topic.ACTIVITY);
    /**
     * fetch.max.wait.ms: how long an idle fetch waits on the broker for a record (a fetch still returns as soon as
     * one is there). An idle node sends a fetch every 5 s instead of every 0.5 s: half its consumer thread's idle
     * CPU. The cost: partitions added later (a topic created after start) wait for the fetch in flight, up to 5 s.
     */
    private static final int FETCH_MAX_WAIT_MS = 5000;
    /**
     * Records end a poll at once; the timeout only paces the loop when no records come (subscribers never wait on
     * it): short until caught up with every topic, so readiness comes as soon as it is true; then as long as an
     * idle fetch waits on the broker, since a shorter one only wakes the thread to find nothing.
     */
    private static final Duration POLL = Duration.ofMillis(500);
    private static final Duration IDLE_POLL = Duration.ofMillis(FETCH_MAX_WAIT_MS);
    private static final long REFRESH_NANOS = TimeUnit.SECONDS.toNanos(10);
    private static final long MISSING_RETRY_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final Map<String, Object> consumerProps;
    private final TopicCatalog catalog;
    private final HistoryStore history;
    private final Hub hub;
    private final RecordRenderer renderer;
    private final int warmRecords;
    private final Thread thread;
    private final Map<String, Topic> topicsByName = new HashMap<>();
    private final Map<TopicPartition, Long> catchUpTargets = new HashMap<>();
    private final Set<TopicPartition> assigned = new HashSet<>();
    private final Map<Topic, PartitionHistory[]> partitions = new EnumMap<>(Topic.class);
    private volatile KafkaConsumer<byte[], byte[]> consumer;
    private volatile boolean running = true;
    private volatile boolean caughtUp;
    private volatile long lag = -1;
    private volatile String problem = "starting";

    public LiveConsumer(Map<String, Object> consumerProps, TopicCatalog catalog, HistoryStore history, Hub hub,
                        RecordRenderer renderer, int warmRecords, String nodeName) {
        this.consumerProps = new HashMap<>(consumerProps);
        this.consumerProps.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, FETCH_MAX_WAIT_MS);
        this.catalog = catalog;
        this.history = history;
        this.hub = hub;
        this.renderer = renderer;
        this.warmRecords = warmRecords;
        for (Topic topic : TOPICS) {
            topicsByName.put(catalog.name(topic), topic);
        }
        this.thread = new Thread(this::run, "lb-fanout-consumer-" + nodeName);
        this.thread.setDaemon(true);
    }

    public void start() {
        thread.start();
    }

    /** True once every partition was read up to where its end was at start. */
    public boolean caughtUp() {
        return caughtUp;
    }

    /** Records behind the end of the topics, -1 before the first fetch. */
    public long lag() {
        return lag;
    }

    /** Why the consumer is not caught up yet, or null. */
    public String problem() {
        return problem;
    }

    private void run() {
        KafkaConsumer<byte[], byte[]> c;
        try {
            c = new KafkaConsumer<>(consumerProps);
        } catch (RuntimeException e) {
            log.error("live consumer not started: {}", e.toString());
            problem = "stopped: " + e.getMessage();
            return;
        }
        try {
            consumer = c;
            long nextRefresh = 0;
            long lastProgress = 0;
            while (running) {
                try {
                    long now = System.nanoTime();
                    if (now >= nextRefresh) {
                        boolean complete = assignNewPartitions(c);
                        nextRefresh = now + (complete ? REFRESH_NANOS : MISSING_RETRY_NANOS);
                    }
                    if (assigned.isEmpty()) {
                        Thread.sleep(200);
                        continue;
                    }
                    ConsumerRecords<byte[], byte[]> records = c.poll(caughtUp ? IDLE_POLL : POLL);
                    long polledNanos = System.nanoTime();
                    for (ConsumerRecord<byte[], byte[]> record : records) {
                        handle(record, polledNanos);
                    }
                    for (TopicPartition tp : records.partitions()) {
                        advance(c, tp);
                    }
                    if (now - lastProgress > TimeUnit.MILLISECONDS.toNanos(1000) || !caughtUp) {
                        lastProgress = now;
                        // Positions move past transaction markers without records: keep the histories' tails true.
                        for (TopicPartition tp : assigned) {
                            advance(c, tp);
                        }
                        updateProgress(c);
                    }
                } catch (WakeupException e) {
                    if (!running) {
                        break;
                    }
                } catch (InterruptedException e) {
                    break;
                } catch (RuntimeException e) {
                    if (!running) {
                        break;
                    }
                    problem = "Kafka: " + e.getMessage();
                    log.warn("live consumer: {}; retrying", e.toString());
                    sleepQuietly(1000);
                }
            }
        } catch (RuntimeException e) {
            log.error("live consumer stopped: {}", e.toString());
            problem = "stopped: " + e.getMessage();
        } finally {
            // Nothing to commit or leave (no group). Closing the fetch session politely would queue behind the
            // fetch parked on the broker (up to fetch.max.wait.ms) and slow every shutdown by that much.
            c.close(Duration.ZERO);
        }
    }

    private void handle(ConsumerRecord<byte[], byte[]> record, long polledNanos) {
        Topic topic = topicsByName.get(record.topic());
        if (topic == null) {
            return;
        }
        if (topic == Topic.LEADERBOARD_SNAPSHOTS) {
            HistoryStore.Snapshot snapshot = renderer.snapshot(record);
            if (snapshot != null && record.key() != null) {
                history.putSnapshot(new String(record.key(), java.nio.charset.StandardCharsets.UTF_8), snapshot);
            }
            return;
        }
        Rec rec = renderer.render(record, topic);
        if (rec == null) {
            return;
        }
        PartitionHistory[] parts = partitions.get(topic);
        if (parts != null && record.partition() < parts.length) {
            parts[record.partition()].append(rec);
        }
        // After the append: a subscriber that reads the history later sees it there, one that read it before
        // is already a subscriber and gets it now (SubscribeFlow).
        hub.dispatch(rec, polledNanos);
    }

    private void advance(KafkaConsumer<byte[], byte[]> c, TopicPartition tp) {
        Topic topic = topicsByName.get(tp.topic());
        PartitionHistory[] parts = partitions.get(topic);
        if (parts != null && tp.partition() < parts.length) {
            parts[tp.partition()].advance(c.position(tp));
        }
    }

    private void updateProgress(KafkaConsumer<byte[], byte[]> c) {
        long total = 0;
        boolean known = true;
        for (TopicPartition tp : assigned) {
            OptionalLong l = c.currentLag(tp);
            if (l.isPresent()) {
                total += l.getAsLong();
            } else {
                known = false;
            }
        }
        lag = known ? total : lag;
        if (!caughtUp && assigned.size() > 0 && topicsMissing().isEmpty()) {
            boolean all = true;
            for (Map.Entry<TopicPartition, Long> e : catchUpTargets.entrySet()) {
                if (c.position(e.getKey()) < e.getValue()) {
                    all = false;
                    break;
                }
            }
            if (all) {
                caughtUp = true;
                hub.markCaughtUp();
                problem = null;
                log.info("caught up with {} partitions of the output topics", assigned.size());
            } else {
                problem = "catching up with Kafka";
            }
        }
    }

    private List<Topic> topicsMissing() {
        List<Topic> missing = new ArrayList<>();
        for (Topic topic : TOPICS) {
            if (!partitions.containsKey(topic)) {
                missing.add(topic);
            }
        }
        return missing;
    }

    /** Assigns partitions not assigned yet; true when every topic was found. */
    private boolean assignNewPartitions(KafkaConsumer<byte[], byte[]> c) {
        List<TopicPartition> fresh = new ArrayList<>();
        for (Topic topic : TOPICS) {
            String name = catalog.name(topic);
            List<PartitionInfo> infos = c.partitionsFor(name, Duration.ofSeconds(5));
            if (infos == null || infos.isEmpty()) {
                continue;
            }
            PartitionHistory[] parts = history.ensurePartitions(topic, infos.size());
            for (PartitionInfo info : infos) {
                TopicPartition tp = new TopicPartition(name, info.partition());
                if (!assigned.contains(tp)) {
                    fresh.add(tp);
                }
            }
            partitions.put(topic, parts);
        }
        if (!fresh.isEmpty()) {
            assigned.addAll(fresh);
            c.assign(new ArrayList<>(assigned));
            Map<TopicPartition, Long> begins = c.beginningOffsets(fresh);
            Map<TopicPartition, Long> ends = c.endOffsets(fresh);
            for (TopicPartition tp : fresh) {
                long begin = begins.get(tp);
                long end = ends.get(tp);
                Topic topic = topicsByName.get(tp.topic());
                long start = topic == Topic.LEADERBOARD_SNAPSHOTS ? begin : Math.max(begin, end - warmRecords);
                c.seek(tp, start);
                if (topic != Topic.LEADERBOARD_SNAPSHOTS) {
                    partitions.get(topic)[tp.partition()].reset(start, begin);
                }
                catchUpTargets.put(tp, end);
            }
            log.info("reading {} new partitions of the output topics", fresh.size());
        }
        List<Topic> missing = topicsMissing();
        if (!missing.isEmpty()) {
            problem = "waiting for topics " + missing.stream().map(catalog::name).toList();
        }
        return missing.isEmpty();
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        running = false;
        KafkaConsumer<byte[], byte[]> c = consumer;
        if (c != null) {
            c.wakeup();
        }
        try {
            thread.join(TimeUnit.SECONDS.toMillis(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
