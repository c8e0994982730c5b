package io.liveboard.fanout.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import io.liveboard.catalog.Topic;
import io.liveboard.catalog.TopicCatalog;
import io.liveboard.fanout.history.Rec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.clients.consumer.OffsetOutOfRangeException;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads old history from Kafka for resuming clients, on its own thread and consumer so that a long read never
 * delays live delivery. Requests wait in a bounded queue and each is served in bounded chunks (so many readers
 * share the thread fairly and a slow client pulls history at its own pace).
 */
public final class KafkaHistoryReader implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(KafkaHistoryReader.class);
    private static final Duration POLL = Duration.ofMillis(200);
    private static final long READ_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(15);

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final TopicCatalog catalog;
    private final RecordRenderer renderer;
    private final int chunk;
    private final int scanBudget;
    private final BlockingQueue<Runnable> queue;
    private final Thread thread;
    private volatile boolean running = true;

    /** A chunk of one channel's history: its records, where the next chunk starts, or why there is none. */
    public record Chunk(List<Rec> records, long next, boolean lost, boolean beyondEnd, String error) {
    }

    /** Per requested partition: the first offset at or after the time, and whether older history is gone. */
    public record TimeLookup(long[] offsets, boolean lost, String error) {
    }

    public KafkaHistoryReader(Map<String, Object> consumerProps, TopicCatalog catalog, RecordRenderer renderer,
                              int chunk, int scanBudget, int queueSize, String nodeName) {
        Map<String, Object> props = new HashMap<>(consumerProps);
        // Reading below the log start must fail loudly (history is gone), not silently skip ahead.
        props.put(org.apache.kafka.clients.consumer.ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "none");
        this.consumer = new KafkaConsumer<>(props);
        this.catalog = catalog;
        this.renderer = renderer;
        this.chunk = chunk;
        this.scanBudget = scanBudget;
        this.queue = new ArrayBlockingQueue<>(queueSize);
        this.thread = new Thread(this::run, "lb-fanout-history-" + nodeName);
        this.thread.setDaemon(true);
        this.thread.start();
    }

    /**
     * Reads records of {@code channel} in [{@code from}, {@code to}) of one partition, with leaderboard seq above
     * {@code minSeq}; false when the queue is full.
     */
    public boolean read(Topic topic, int partition, long from, long to, String channel, long minSeq,
                        Consumer<Chunk> callback) {
        return queue.offer(() -> callback.accept(doRead(new TopicPartition(catalog.name(topic), partition),
                topic, from, to, channel, minSeq)));
    }

    /** Finds, per partition, the first offset with a timestamp at or after {@code timestampMs}. */
    public boolean offsetsForTime(Topic topic, int[] partitions, long timestampMs, Consumer<TimeLookup> callback) {
        return queue.offer(() -> callback.accept(doLookup(topic, partitions, timestampMs)));
    }

    private void run() {
        while (running) {
            Runnable task;
            try {
                // Waits without waking up: close() interrupts it.
                task = queue.take();
            } catch (InterruptedException e) {
                return;
            }
            try {
                task.run();
            } catch (RuntimeException e) {
                log.warn("history request failed: {}", e.toString());
            }
        }
    }

    private Chunk doRead(TopicPartition tp, Topic topic, long from, long to, String channel, long minSeq) {
        try {
            List<TopicPartition> tps = List.of(tp);
            if (from >= to) {
                // Only a check that a position ahead of the live consumer exists in Kafka.
                long end = consumer.endOffsets(tps).get(tp);
                return new Chunk(List.of(), from, false, from > end, null);
            }
            // Consecutive chunks of one replay continue where the last one stopped: no reassignment, no seek.
            if (!consumer.assignment().equals(java.util.Set.of(tp))) {
                consumer.assign(tps);
                consumer.seek(tp, from);
            } else if (consumer.position(tp) != from) {
                consumer.seek(tp, from);
            }
            List<Rec> out = new ArrayList<>();
            long next = from;
            int scanned = 0;
            long deadline = System.nanoTime() + READ_TIMEOUT_NANOS;
            // Whole polled batches (at most max.poll.records): cutting one short would mean fetching it again.
            outer:
            while (next < to && out.size() < chunk && scanned < scanBudget) {
                if (System.nanoTime() > deadline) {
                    return new Chunk(out, next, false, false, "timed out reading history");
                }
                ConsumerRecords<byte[], byte[]> records = consumer.poll(POLL);
                for (ConsumerRecord<byte[], byte[]> record : records.records(tp)) {
                    if (record.offset() >= to) {
                        next = to;
                        break outer;
                    }
                    scanned++;
                    next = record.offset() + 1;
                    Rec rec = renderer.render(record, topic);
                    if (rec != null && rec.seq() > minSeq && rec.belongsTo(channel)) {
                        out.add(rec);
                    }
                }
                // Past transaction markers and aborted records, which poll never returns.
                next = Math.max(next, Math.min(consumer.position(tp), to));
            }
            return new Chunk(out, next, false, false, null);
        } catch (OffsetOutOfRangeException e) {
            // Retention deleted it (the consumer resets to nothing: auto.offset.reset=none).
            consumer.unsubscribe();
            return new Chunk(List.of(), from, true, false, null);
        } catch (RuntimeException e) {
            consumer.unsubscribe();
            return new Chunk(List.of(), from, false, false, e.toString());
        }
    }

    private TimeLookup doLookup(Topic topic, int[] partitions, long timestampMs) {
        try {
            Map<TopicPartition, Long> query = new HashMap<>();
            List<TopicPartition> tps = new ArrayList<>();
            for (int p : partitions) {
                TopicPartition tp = new TopicPartition(catalog.name(topic), p);
                tps.add(tp);
                query.put(tp, timestampMs);
            }
            Map<TopicPartition, OffsetAndTimestamp> found = consumer.offsetsForTimes(query);
            Map<TopicPartition, Long> begins = consumer.beginningOffsets(tps);
            Map<TopicPartition, Long> ends = consumer.endOffsets(tps);
            long[] offsets = new long[partitions.length];
            boolean lost = false;
            for (int i = 0; i < tps.size(); i++) {
                TopicPartition tp = tps.get(i);
                OffsetAndTimestamp at = found.get(tp);
                long begin = begins.get(tp);
                if (at == null) {
                    offsets[i] = ends.get(tp);
                } else {
                    offsets[i] = at.offset();
                    // The oldest record Kafka still holds is younger than the time asked for, and older ones were
                    // deleted: some of what the client asked for may be gone.
                    if (at.offset() <= begin && begin > 0 && at.timestamp() > timestampMs) {
                        lost = true;
                    }
                }
            }
            return new TimeLookup(offsets, lost, null);
        } catch (RuntimeException e) {
            return new TimeLookup(new long[0], false, e.toString());
        }
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
        try {
            thread.join(TimeUnit.SECONDS.toMillis(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        consumer.close(Duration.ofSeconds(2));
    }
}
