package io.liveboard.processors;

import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import io.liveboard.catalog.App;
import io.liveboard.catalog.Topic;
import io.liveboard.catalog.TopicCatalog;
import io.liveboard.events.LearningEvent;
import io.liveboard.schema.AvroCodec;
import io.liveboard.testing.EmbeddedKafka;
import io.liveboard.testing.Events;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.KafkaStreams;

/**
 * Load benchmark of the whole processors pipeline on this machine, broker in the same JVM:
 * produce → output latency (p50/p99/max) at fixed input rates, and the maximum sustained input rate.
 * Latency is the consumer's wall clock when a committed output arrives minus the output record's
 * timestamp, which is the producer's send time of the input that caused it (outputs keep their input's
 * timestamp). Not a test: run by hand, see BENCHMARKS.md. Every loop is bounded in count and time.
 * <p>
 * Args: {@code warm:rate:seconds} (an unmeasured run first), {@code rate:seconds} phases (e.g.
 * {@code 1000:30 10000:10}), {@code max:N} to time N pre-produced events. A phase whose rate is above
 * what the pipeline sustains measures the backlog: the consumer waits until everything is processed.
 * System properties: {@code -Dthreads=N}, {@code -Dpartitions=N} (input), {@code -Dstreams.<config>=<value>},
 * {@code -Dtimeline=true} (the worst latency of each second), {@code -Dwarmup=S} (unmeasured seconds, default 5),
 * {@code -DinMemoryStores=true} (the changelogged in-memory stores instead of RocksDB).
 */
public final class ProcessorsLoadBenchmark {

    private static final int USERS = 10_000;
    /** Seconds of each phase not measured: a new pipeline (tasks, stores, first transactions) settles first. */
    private static final int WARMUP = Integer.getInteger("warmup", 5);
    private static volatile long measureFrom;
    /** The worst latency of any output that arrived in each second of a phase: are the tails periodic? */
    private static final long[] WORST_PER_SECOND = new long[600];
    /** leaderboard.update latencies by the 10 s window they arrived in: does the tail settle as the boards fill? */
    private static final java.util.Map<Integer, List<Long>> RANK_BY_WINDOW = new java.util.TreeMap<>();
    /** Measured outputs by type: records and bytes (key + value), to show what one input event costs downstream. */
    private static final java.util.Map<String, long[]> OUTPUTS = new java.util.TreeMap<>();

    public static void main(String[] args) throws Exception {
        // -Dbootstrap=HOST:PORT: a broker in its own process (./liveboard kafka start) instead of one in this JVM.
        try (EmbeddedKafka kafka = EmbeddedKafka.startOrExternal(System.getProperty("bootstrap"))) {
            for (String arg : args) {
                String[] parts = arg.split(":");
                if (parts[0].equals("max")) {
                    maxRate(kafka, Integer.parseInt(parts[1]));
                } else if (parts[0].equals("warm")) {
                    // Unmeasured: JIT, broker and client warm-up, on topics of its own.
                    latency(kafka, Integer.parseInt(parts[1]), Integer.parseInt(parts[2]));
                } else {
                    latency(kafka, Integer.parseInt(parts[0]), Integer.parseInt(parts[1]));
                }
            }
        }
        System.exit(0);
    }

    private static void latency(EmbeddedKafka kafka, int rate, int seconds) throws Exception {
        TopicCatalog catalog = catalog(kafka, "bench-" + rate);
        List<Long> rankLatencies = new ArrayList<>();
        List<Long> progressLatencies = new ArrayList<>();
        AtomicBoolean stop = new AtomicBoolean();
        try (KafkaStreams streams = Pipeline.start(kafka, catalog, Files.createTempDirectory("lb-bench"))) {
            waitRunning(streams);
            Thread consumer = new Thread(() -> consume(kafka, catalog, stop, rankLatencies, progressLatencies));
            consumer.start();
            Thread.sleep(1000); // consumer assigned
            // The first WARMUP seconds at the rate are not measured (JIT, first transactions, task start-up).
            measureFrom = System.currentTimeMillis() + WARMUP * 1000L;
            com.sun.management.OperatingSystemMXBean os =
                    (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
            long cpuBefore = os.getProcessCpuTime();
            long broker = brokerCpuTicks();
            // The JIT compiles for a minute or more (Kafka, Streams, Avro, RocksDB's wrappers): on two cores a
            // phase that overlaps it is measuring the compiler too.
            java.lang.management.CompilationMXBean jit = java.lang.management.ManagementFactory.getCompilationMXBean();
            long jitBefore = jit.getTotalCompilationTime();
            long sent = produceAt(kafka, catalog, rate, seconds + WARMUP);
            System.out.printf("  CPU per input event while producing: this JVM %.0f µs (JIT compiling %d ms of it), "
                            + "broker process %s%n", (os.getProcessCpuTime() - cpuBefore) / 1e3 / sent,
                    jit.getTotalCompilationTime() - jitBefore,
                    broker < 0 ? "(in this JVM)" : String.format("%.0f µs", (brokerCpuTicks() - broker) * 1e4 / sent));
            // Wait for the backlog (if the rate was too high to keep up with), bounded.
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
            while (!Pipeline.caughtUp(kafka, catalog) && System.nanoTime() < deadline) {
                Thread.sleep(500);
            }
            Thread.sleep(1000); // let the tail arrive
            stop.set(true);
            consumer.join(10_000);
            printThreadMetrics(streams);
            if (Boolean.getBoolean("timeline")) {
                int last = seconds - 1;
                StringBuilder worst = new StringBuilder("  worst latency per second (ms) from JVM uptime "
                        + (measureFrom - java.lang.management.ManagementFactory.getRuntimeMXBean().getStartTime())
                        + " ms:");
                for (int i = 0; i <= last; i++) {
                    worst.append(' ').append(WORST_PER_SECOND[i]);
                }
                System.out.println(worst);
            }
            Arrays.fill(WORST_PER_SECOND, 0);
            long measured = (long) rate * seconds;
            OUTPUTS.forEach((type, count) -> System.out.printf("  outputs %s: %.3f records, %.0f bytes per measured input%n",
                    type, count[0] / (double) measured, count[1] / (double) measured));
            OUTPUTS.clear();
            RANK_BY_WINDOW.forEach((window, latencies) -> System.out.printf("  leaderboard.update %d-%d s: %s%n",
                    window * 10, window * 10 + 10, summary(latencies)));
            RANK_BY_WINDOW.clear();
            System.out.printf("rate %d/s for %d s after %d s warm-up (%d events), %s stream thread(s): "
                            + "%d input partitions: leaderboard.update %s; progress.update %s%n", rate, seconds, WARMUP, sent,
                    System.getProperty("threads", "1"), catalog.partitions(Topic.LEARNING_EVENTS), summary(rankLatencies), summary(progressLatencies));
        }
    }

    /** User + system CPU of the broker process given as -DbrokerPid (clock ticks of 10 ms), or -1. */
    private static long brokerCpuTicks() {
        String pid = System.getProperty("brokerPid");
        if (pid == null) {
            return -1;
        }
        try {
            String stat = Files.readString(java.nio.file.Path.of("/proc", pid, "stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        } catch (java.io.IOException e) {
            return -1;
        }
    }

    private static void maxRate(EmbeddedKafka kafka, int count) throws Exception {
        TopicCatalog catalog = catalog(kafka, "bench-max");
        long sent = 0;
        Generator generator = new Generator();
        try (KafkaProducer<String, byte[]> producer = kafka.producer()) {
            while (sent < count) {
                LearningEvent e = generator.next();
                producer.send(new ProducerRecord<>(catalog.name(Topic.LEARNING_EVENTS), Long.toString(e.getUserId()),
                        AvroCodec.shared().encode(e)));
                sent++;
            }
            producer.flush();
        }
        long start = System.nanoTime();
        try (KafkaStreams streams = Pipeline.start(kafka, catalog, Files.createTempDirectory("lb-bench"))) {
            waitRunning(streams);
            long running = System.nanoTime();
            long deadline = running + TimeUnit.MINUTES.toNanos(10);
            while (!Pipeline.caughtUp(kafka, catalog) && System.nanoTime() < deadline) {
                Thread.sleep(500);
            }
            double seconds = (System.nanoTime() - running) / 1e9;
            printThreadMetrics(streams);
            System.out.printf("max: %d pre-produced events processed through every stage in %.1f s after start-up "
                    + "(%.1f s incl. start-up): %.0f events/s%n", count, seconds, (System.nanoTime() - start) / 1e9,
                    count / seconds);
        }
    }

    /** Catalog topics; {@code -Dpartitions=N} sets the input's partitions (and so the tasks per stage). */
    private static TopicCatalog catalog(EmbeddedKafka kafka, String name) {
        TopicCatalog catalog = new TopicCatalog(EmbeddedKafka.uniquePrefix(name))
                .withPartitions(Topic.LEARNING_EVENTS, Integer.getInteger("partitions", Topic.LEARNING_EVENTS.defaultPartitions()));
        kafka.createTopics(catalog);
        return catalog;
    }

    private static long produceAt(EmbeddedKafka kafka, TopicCatalog catalog, int rate, int seconds) {
        Generator generator = new Generator();
        long total = (long) rate * seconds;
        long start = System.nanoTime();
        long sent = 0;
        try (KafkaProducer<String, byte[]> producer = kafka.producer()) {
            while (sent < total) {
                long due = start + sent * 1_000_000_000L / rate;
                long now = System.nanoTime();
                if (due > now) {
                    long sleep = due - now;
                    if (sleep > 200_000) {
                        try {
                            Thread.sleep(sleep / 1_000_000, (int) (sleep % 1_000_000));
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                            break;
                        }
                    }
                    continue;
                }
                LearningEvent e = generator.next();
                producer.send(new ProducerRecord<>(catalog.name(Topic.LEARNING_EVENTS), Long.toString(e.getUserId()),
                        AvroCodec.shared().encode(e)));
                sent++;
            }
            producer.flush();
        }
        return sent;
    }

    private static void consume(EmbeddedKafka kafka, TopicCatalog catalog, AtomicBoolean stop, List<Long> rank,
                                List<Long> progress) {
        try (KafkaConsumer<String, byte[]> consumer = kafka.consumer()) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (Topic t : List.of(Topic.LEADERBOARD_UPDATES, Topic.USER_UPDATES, Topic.LEADERBOARD_SNAPSHOTS,
                    Topic.ACTIVITY, Topic.MATCH_UPDATES)) {
                consumer.partitionsFor(catalog.name(t)).forEach(p -> partitions.add(new TopicPartition(p.topic(), p.partition())));
            }
            consumer.assign(partitions);
            consumer.seekToEnd(partitions);
            partitions.forEach(consumer::position);
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
            while (!stop.get() && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(20))) {
                    if (r.timestamp() < measureFrom) {
                        continue;
                    }
                    String type = io.liveboard.catalog.LiveboardHeaders.lastString(r.headers(), io.liveboard.catalog.LiveboardHeaders.TYPE);
                    type = type == null ? "(no type)" : type;
                    OUTPUTS.computeIfAbsent(type, t -> new long[2])[0]++;
                    OUTPUTS.get(type)[1] += r.serializedValueSize() + r.serializedKeySize();
                    if (!r.topic().equals(catalog.name(Topic.LEADERBOARD_UPDATES)) && !r.topic().equals(catalog.name(Topic.USER_UPDATES))) {
                        continue;
                    }
                    long latency = System.currentTimeMillis() - r.timestamp();
                    int second = (int) ((System.currentTimeMillis() - measureFrom) / 1000);
                    if (second >= 0 && second < WORST_PER_SECOND.length) {
                        WORST_PER_SECOND[second] = Math.max(WORST_PER_SECOND[second], latency);
                    }
                    if (r.topic().equals(catalog.name(Topic.LEADERBOARD_UPDATES))) {
                        rank.add(latency);
                        RANK_BY_WINDOW.computeIfAbsent(Math.max(0, second) / 10, w -> new ArrayList<>()).add(latency);
                    } else if ("progress.update".equals(type)) {
                        progress.add(latency);
                    }
                }
            }
        }
    }

    /** Where a stream thread's time goes: commit (flush + transaction) against processing. */
    private static void printThreadMetrics(KafkaStreams streams) {
        java.util.Set<String> wanted = java.util.Set.of("commit-latency-avg", "commit-latency-max", "commit-rate",
                "process-latency-avg", "process-rate", "poll-latency-avg", "process-ratio", "commit-ratio", "poll-ratio");
        java.util.Set<String> producer = java.util.Set.of("record-retry-rate", "record-retry-total", "record-error-rate", "request-latency-avg",
                "request-latency-max", "record-queue-time-avg", "record-queue-time-max", "txn-commit-time-ns-total",
                "flush-time-ns-total", "txn-send-offsets-time-ns-total", "produce-throttle-time-max");
        streams.metrics().forEach((name, metric) -> {
            // What the broker is asked to do, by client: its CPU per event follows requests more than records.
            if (name.group().matches("(producer|consumer|admin-client)-metrics") && name.name().equals("request-total")
                    && metric.metricValue() instanceof Number value) {
                System.out.printf("  requests %s = %.0f%n",
                        name.tags().get("client-id").replaceAll(".*-[0-9a-f]{12}-", ""), value.doubleValue());
            }
            if (name.group().equals("producer-metrics") && producer.contains(name.name())
                    && metric.metricValue() instanceof Number value) {
                System.out.printf("  producer %s = %.3f%n", name.name(), value.doubleValue());
            }
            if (name.group().equals("stream-thread-metrics") && wanted.contains(name.name())) {
                System.out.printf("  %s %s = %.3f%n", name.tags().get("thread-id").replaceAll(".*(StreamThread-\\d+)", "$1"),
                        name.name(), ((Number) metric.metricValue()).doubleValue());
            }
        });
    }

    private static void waitRunning(KafkaStreams streams) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (streams.state() != KafkaStreams.State.RUNNING && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        Thread.sleep(2000); // let every task finish initializing
    }

    private static String summary(List<Long> latencies) {
        if (latencies.isEmpty()) {
            return "no samples";
        }
        long[] sorted = latencies.stream().mapToLong(Long::longValue).toArray();
        Arrays.sort(sorted);
        return String.format("n=%d p50=%d ms p99=%d ms max=%d ms", sorted.length, sorted[sorted.length / 2],
                sorted[(int) Math.min(sorted.length - 1, Math.ceil(sorted.length * 0.99) - 1)], sorted[sorted.length - 1]);
    }

    /**
     * Typing sessions of {@value #USERS} users, {@value #ACTIVE} at a time: each event advances a random
     * active session by one step (start, three live updates, a completed end), so at 1,000 events/s a
     * session lasts about 2.5 s and 200 sessions complete per second (400 board changes: typing and overall).
     */
    private static final class Generator {
        private static final int ACTIVE = 500;
        private final Instant base = Instant.parse("2026-11-20T08:00:00Z");
        private final int[] user = new int[ACTIVE];
        private final int[] step = new int[ACTIVE];
        private final int[] sessions = new int[ACTIVE];
        private final java.util.SplittableRandom random = new java.util.SplittableRandom(3);
        private long next;

        Generator() {
            for (int i = 0; i < ACTIVE; i++) {
                user[i] = 1 + random.nextInt(USERS);
            }
        }

        LearningEvent next() {
            int slot = random.nextInt(ACTIVE);
            int u = user[slot];
            Events.Builder b = Events.user(u, "user" + u).app(App.TYPING).at(base.plusMillis(next++ * 10))
                    .id(UUID.randomUUID().toString());
            String session = "s" + slot + "-" + sessions[slot];
            int s = step[slot]++;
            if (s == 0) {
                return b.started(session);
            }
            if (s < 4) {
                return b.progress(session, s * 20_000L, 20 + random.nextInt(120));
            }
            step[slot] = 0;
            sessions[slot]++;
            user[slot] = 1 + random.nextInt(USERS);
            return b.completed(session, 20 + random.nextInt(140) + random.nextDouble(), 1 + random.nextInt(50));
        }
    }

    private ProcessorsLoadBenchmark() {
    }

}
