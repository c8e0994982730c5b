package io.liveboard.bench;

import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.stream.IntStream;

import io.liveboard.catalog.LiveboardHeaders;
import io.liveboard.catalog.Topic;
import io.liveboard.catalog.TopicCatalog;
import io.liveboard.events.ActivityItem;
import io.liveboard.events.LeaderboardUpdate;
import io.liveboard.schema.AvroCodec;
import io.liveboard.testing.EmbeddedKafka;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * Load generator for the WebSocket fan-out (BENCHMARKS.md "WebSocket fan-out"). Loopback only, every phase bounded in
 * count and time. Runs an in-process Kafka, starts one fan-out node in its own JVM, then measures:
 * <ol>
 *   <li>live heap (after full GC) and RSS per idle connection, each subscribed to three channels, minus the empty node;
 *   <li>idle CPU of the node with those connections;
 *   <li>one leaderboard update broadcast to every connection: time until the last client has it, repeated;
 *   <li>a channel with a handful of subscribers: record produced to message received, p50/p99;
 *   <li>handshake (TCP connect to {@code welcome}) at a fixed rate, and in a faster reconnect storm.
 * </ol>
 * Usage: {@code java -cp "$(cat benchmarks/target/classpath.txt):benchmarks/target/classes:..." io.liveboard.bench.FanoutLoad
 * --connections=10000 --broadcasts=20}; see BENCHMARKS.md for the exact command.
 */
public final class FanoutLoad {

    private static final List<String> IDLE_CHANNELS = List.of("leaderboard:overall", "leaderboard:typing_wpm",
            "activity:feed");
    private static final String SMALL_CHANNEL = "activity:high-scores";
    private static final String TOTAL_LATENCY = "liveboard_fanout_delivery_latency_seconds";
    private static final String NODE_LATENCY = "liveboard_fanout_delivery_node_latency_seconds";
    private static final ByteBuf BROADCAST_PREFIX = LoadClient.marker(
            "{\"type\":\"leaderboard.update\",\"channel\":\"leaderboard:overall\"");
    /** Header carrying a small-channel message's index, for the plain consumer that times the Kafka hop alone. */
    private static final String BENCH_INDEX = "bench-index";
    /** The small channel's target, a bucket bound of the node's delivery histograms (FanoutMetrics). */
    private static final double SMALL_CHANNEL_TARGET_SECONDS = 0.01;

    private static final Set<String> OPTIONS = Set.of("bootstrap", "broadcast-warmup", "broadcasts", "client",
            "client-addresses", "client-threads", "connect-rate", "connections", "handshake-rate", "handshake-warmup",
            "handshakes", "heap", "idle-seconds", "io-threads", "kafka-hop", "max-seconds", "node-args",
            "node-jvm-args", "out", "settle-seconds", "small-messages", "small-rate", "small-warmup", "storm-rate");

    private final Map<String, String> opts;
    private final StringBuilder report = new StringBuilder();

    private FanoutLoad(Map<String, String> opts) {
        this.opts = opts;
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> opts = new HashMap<>();
        for (String a : args) {
            String name = a.startsWith("--") && a.contains("=") ? a.substring(2, a.indexOf('=')) : null;
            if (name == null || !OPTIONS.contains(name)) {
                // A misspelt option would otherwise run the default silently and be quoted as what was measured.
                System.err.println((name == null ? "options are --name=value: " : "unknown option: ") + a
                        + "\nusage: FanoutLoad [--name=value ...], names: " + String.join(" ", new TreeSet<>(OPTIONS)));
                System.exit(2);
            }
            opts.put(name, a.substring(a.indexOf('=') + 1));
        }
        for (Map.Entry<String, String> o : opts.entrySet()) {
            String problem = switch (o.getKey()) {
                case "bootstrap", "heap", "node-args", "node-jvm-args", "out" -> null;
                case "client" -> o.getValue().matches("java|c") ? null : "java or c";
                case "kafka-hop" -> o.getValue().matches("true|false") ? null : "true or false";
                default -> o.getValue().matches("\\d{1,9}") ? null : "a whole number";
            };
            if (problem != null) {
                System.err.println("--" + o.getKey() + " takes " + problem + ", not " + o.getValue());
                System.exit(2);
            }
        }
        long maxSeconds = Long.parseLong(opts.getOrDefault("max-seconds", "900"));
        Thread watchdog = new Thread(() -> {
            try {
                Thread.sleep(TimeUnit.SECONDS.toMillis(maxSeconds));
                System.err.println("benchmark exceeded --max-seconds=" + maxSeconds + "; stopping");
                System.exit(2);
            } catch (InterruptedException e) {
                // finished in time
            }
        }, "watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
        new FanoutLoad(opts).run();
        System.exit(0);
    }

    private int intOpt(String name, int def) {
        return Integer.parseInt(opts.getOrDefault(name, Integer.toString(def)));
    }

    /** A space-separated option as a list; empty when absent. */
    private List<String> listOpt(String name) {
        String value = opts.getOrDefault(name, "").trim();
        return value.isEmpty() ? List.of() : List.of(value.split("\\s+"));
    }

    private void run() throws Exception {
        int connections = intOpt("connections", 10_000);
        int broadcasts = intOpt("broadcasts", 20);
        int smallMessages = intOpt("small-messages", 500);
        int smallRate = intOpt("small-rate", 100);
        int handshakes = intOpt("handshakes", 2000);
        int handshakeRate = intOpt("handshake-rate", 1000);
        int stormRate = intOpt("storm-rate", 3000);
        int connectRate = intOpt("connect-rate", 2000);
        String heap = opts.getOrDefault("heap", "1g");
        // --client=c: the idle (and broadcast) connections on wsload, a C epoll client in its own process.
        String idleClient = opts.getOrDefault("client", "java"); // java or c, checked in main
        Path out = Path.of(opts.getOrDefault("out", "benchmarks/target/fanout-bench.md"));

        // --bootstrap=HOST:PORT: a broker in its own process (./liveboard kafka start), not in this busy JVM.
        EmbeddedKafka kafka = opts.containsKey("bootstrap") ? EmbeddedKafka.external(opts.get("bootstrap"))
                : EmbeddedKafka.shared();
        TopicCatalog catalog = kafka.createTopics("bench");
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        List<String> serverArgs = new ArrayList<>();
        if (opts.containsKey("io-threads")) {
            serverArgs.add("--liveboard.fanout.io-threads=" + opts.get("io-threads"));
        }
        // --node-args="--liveboard.fanout.heartbeat=5s ...": the node's settings to try.
        serverArgs.addAll(listOpt("node-args"));
        line("# WebSocket fan-out benchmark, " + Instant.now());
        line("connections=" + connections + " heap=" + heap + " cores=" + Runtime.getRuntime().availableProcessors()
                + " (client, Kafka and the node share them)");
        // --node-jvm-args="-XX:... -XX:...": JVM flags to try on the node.
        try (ServerProcess server = ServerProcess.start(kafka.bootstrapServers(), catalog.prefix(), port, heap,
                listOpt("node-jvm-args"), serverArgs); KafkaProducer<String, byte[]> producer = kafka.producer()) {
            server.awaitReady(Duration.ofSeconds(90));
            URI uri = URI.create("ws://127.0.0.1:" + port + "/api/ws");
            LoadClient client = new LoadClient(uri, intOpt("client-threads", 2), intOpt("client-addresses", 8));
            try (IdleClients idleClients = idleClient.equals("c")
                    ? new NativeIdleClients(uri, intOpt("client-addresses", 8)) : new JavaIdleClients(client)) {
                idle(server, idleClients, connections, connectRate);
                broadcast(server, idleClients, producer, catalog, connections, broadcasts > 0
                        ? intOpt("broadcast-warmup", 5) : 0, broadcasts);
                small(server, client, kafka, producer, catalog, intOpt("small-warmup", 300), smallMessages, smallRate);
                // New connections come from other clients than the idle ones: their own event loops, so that the
                // idle connections' answers to a heartbeat sweep's pings do not queue ahead of the measured handshakes.
                try (LoadClient newcomers = new LoadClient(uri, intOpt("client-threads", 2),
                        intOpt("client-addresses", 8))) {
                    // Unmeasured first: with --client=c this JVM's connect and handshake code has barely run, and
                    // its compilation would show as the first 0.3 s of the phase being slow.
                    int warmup = handshakes > 0 ? intOpt("handshake-warmup", 500) : 0;
                    if (warmup > 0) {
                        handshakes(newcomers, warmup, handshakeRate, null);
                    }
                    handshakes(newcomers, handshakes, handshakeRate, "handshake at " + handshakeRate + "/s");
                    if (stormRate > 0) {
                        handshakes(newcomers, stormRate * 2, stormRate, "reconnect storm at " + stormRate + "/s");
                    }
                }
            } finally {
                client.close();
            }
            line("server log: " + server.log);
        }
        Files.createDirectories(out.toAbsolutePath().getParent());
        Files.writeString(out, report.toString());
        System.out.println("written to " + out);
    }

    /** The connections that sit idle and then receive the broadcasts: this JVM's client's, or wsload's. */
    private interface IdleClients extends AutoCloseable {
        /** Opens {@code n} connections at {@code rate} a second, each subscribed to {@link #IDLE_CHANNELS}; returns
         *  how many failed. */
        int open(int n, int rate) throws Exception;

        /** Before the broadcast whose leaderboard update has {@code seq} is sent. */
        void startRound(long seq) throws Exception;

        /** First and last receive time ({@link System#nanoTime()}) once every open connection has that broadcast,
         *  or null after {@code timeout}. */
        long[] awaitRound(Duration timeout) throws Exception;

        /** CPU of the client when it runs in a process of its own, else 0 (this JVM's CPU counts it already). */
        long ownCpuNanos() throws Exception;

        String describe();
    }

    /** The idle connections on this JVM's Netty client (2 event loops). */
    private static final class JavaIdleClients implements IdleClients {
        private final LoadClient client;
        /** Connections that opened (a broadcast's target). */
        private int opened;
        private final AtomicInteger received = new AtomicInteger();
        private final AtomicLong first = new AtomicLong();
        private final AtomicLong last = new AtomicLong();
        private volatile int target;
        private volatile CountDownLatch done = new CountDownLatch(1);

        JavaIdleClients(LoadClient client) {
            this.client = client;
        }

        @Override
        public int open(int n, int rate) throws Exception {
            CountDownLatch ready = new CountDownLatch(n);
            AtomicInteger failed = new AtomicInteger();
            LoadClient.Events events = new LoadClient.Events() {
                @Override
                public void welcomed(Channel ch, long connectNanos, long welcomeNanos) {
                }

                @Override
                public void subscribed(Channel ch) {
                    ready.countDown();
                }

                @Override
                public void message(Channel ch, ByteBuf text, long receivedNanos) {
                    if (LoadClient.startsWith(text, BROADCAST_PREFIX)) {
                        first.compareAndSet(0, receivedNanos);
                        if (received.incrementAndGet() == target) {
                            last.set(receivedNanos);
                            done.countDown();
                        }
                    }
                }
            };
            long start = System.nanoTime();
            for (int i = 0; i < n; i++) {
                pace(start, i, rate);
                client.connect(IDLE_CHANNELS, events).addListener(f -> {
                    if (!f.isSuccess()) {
                        failed.incrementAndGet();
                        ready.countDown();
                    }
                });
            }
            if (!ready.await(120, TimeUnit.SECONDS)) {
                throw new IllegalStateException("only " + (n - ready.getCount()) + " of " + n
                        + " connections subscribed");
            }
            opened = n - failed.get();
            return failed.get();
        }

        @Override
        public void startRound(long seq) {
            received.set(0);
            first.set(0);
            target = opened;
            done = new CountDownLatch(1);
        }

        @Override
        public long[] awaitRound(Duration timeout) throws InterruptedException {
            return done.await(timeout.toMillis(), TimeUnit.MILLISECONDS) ? new long[] {first.get(), last.get()} : null;
        }

        @Override
        public long ownCpuNanos() {
            return 0;
        }

        @Override
        public String describe() {
            return "this JVM's Netty client";
        }

        @Override
        public void close() {
            // the channels close with the client's event loops
        }
    }

    /** The idle connections on wsload, a C epoll client in a process of its own ({@code --client=c}). */
    private static final class NativeIdleClients implements IdleClients {
        private final URI uri;
        private final int addresses;
        private NativeLoadClient client;
        private long seq;

        NativeIdleClients(URI uri, int addresses) {
            this.uri = uri;
            this.addresses = addresses;
        }

        @Override
        public int open(int n, int rate) throws Exception {
            client = NativeLoadClient.start(Path.of("benchmarks/src/main/c/wsload.c"), uri, n, rate, addresses,
                    BROADCAST_PREFIX.toString(StandardCharsets.UTF_8), IDLE_CHANNELS);
            return client.awaitReady(Duration.ofSeconds(120))[1];
        }

        @Override
        public void startRound(long seq) {
            this.seq = seq;
        }

        @Override
        public long[] awaitRound(Duration timeout) throws Exception {
            NativeLoadClient.Round r = client.awaitRound(seq, timeout);
            if (client.closedAfterReady() > 0) {
                throw new IllegalStateException("the node closed " + client.closedAfterReady()
                        + " idle connections");
            }
            if (r == null) {
                System.err.println("broadcast " + seq + " incomplete; connections without it: " + client.missing());
                return null;
            }
            return new long[] {r.firstNanos(), r.lastNanos()};
        }

        @Override
        public long ownCpuNanos() throws Exception {
            return client.cpuNanos();
        }

        @Override
        public String describe() {
            return "wsload (C, one epoll thread, its own process)";
        }

        @Override
        public void close() throws InterruptedException {
            if (client != null) {
                client.close();
            }
        }
    }

    private void idle(ServerProcess server, IdleClients clients, int n, int rate) throws Exception {
        long heap0 = server.liveHeapBytes();
        long rss0 = server.rssBytes();
        long start = System.nanoTime();
        int failed = clients.open(n, rate);
        line("");
        line("## Idle connections (each subscribed to " + IDLE_CHANNELS + ")");
        line("opened " + n + " (failed " + failed + ") in " + ms(System.nanoTime() - start) + " ms, by "
                + clients.describe());
        Thread.sleep(2000);
        long heap1 = server.liveHeapBytes();
        long rss1 = server.rssBytes();
        int open = n - failed;
        line(String.format("live heap after full GC: empty node %.1f MB, with %d connections %.1f MB -> %.0f bytes "
                + "per connection", heap0 / 1e6, open, heap1 / 1e6, (heap1 - heap0) / (double) open));
        // The heap is pre-touched (ServerProcess), so RSS grows by native memory only: add the heap's share.
        line(String.format("RSS (heap pre-touched): empty node %.1f MB, with connections %.1f MB -> %.0f bytes of "
                + "native memory per connection; with the live heap's share %.0f bytes", rss0 / 1e6, rss1 / 1e6,
                (rss1 - rss0) / (double) open, (rss1 - rss0 + heap1 - heap0) / (double) open));
        line("```");
        report.append(server.histogramTop(15));
        line("```");
        // Right after 10,000 connections the JIT is still compiling what they ran (over a second of compiler
        // CPU in the next minute): a one-off, reported apart from the idle figure taken once it has settled. The
        // idle window is best a whole number of heartbeats (25 s), or it holds one sweep or two by chance.
        int settle = intOpt("settle-seconds", 60);
        int idleSeconds = intOpt("idle-seconds", 50);
        long settle0 = server.cpuNanos();
        long jit0 = server.compilerCpuNanos();
        long s0 = System.nanoTime();
        Thread.sleep(settle * 1000L);
        long cpu0 = server.cpuNanos();
        long jit1 = server.compilerCpuNanos();
        Map<String, long[]> threads0 = server.threadCpu();
        long t0 = System.nanoTime();
        line(String.format("CPU of the node in the %d s after connecting: %.2f %% of one core, of which the JIT "
                + "compiler %.2f %%", settle, 100.0 * (cpu0 - settle0) / (t0 - s0), 100.0 * (jit1 - jit0) / (t0 - s0)));
        Thread.sleep(idleSeconds * 1000L);
        long cpu1 = server.cpuNanos();
        long jit2 = server.compilerCpuNanos();
        long t1 = System.nanoTime();
        line(String.format("idle CPU of the node over the next %d s: %.2f %% of one core, of which the JIT compiler "
                + "%.2f %%", idleSeconds, 100.0 * (cpu1 - cpu0) / (t1 - t0), 100.0 * (jit2 - jit1) / (t1 - t0)));
        // Which threads that is, so that an idle figure off from the last one can be explained from its own run;
        // with how often each was switched in, since on this VM each wake-up costs far more than the work it does.
        Map<String, long[]> threads1 = server.threadCpu();
        double seconds = (t1 - t0) / 1e9;
        StringBuilder byThread = new StringBuilder("the same by thread (% of one core, times switched in a second):");
        threads1.entrySet().stream()
                .map(e -> {
                    long[] before = threads0.getOrDefault(e.getKey(), new long[2]);
                    return Map.entry(e.getKey(), new long[] {e.getValue()[0] - before[0], e.getValue()[1] - before[1]});
                })
                .filter(e -> e.getValue()[0] * 10_000L >= t1 - t0) // 0.01 % and more
                .sorted((a, b) -> Long.compare(b.getValue()[0], a.getValue()[0]))
                .forEach(e -> byThread.append(String.format(" %s %.3f (%.1f/s);", e.getKey(),
                        100.0 * e.getValue()[0] / (t1 - t0), e.getValue()[1] / seconds)));
        line(byThread.toString());
    }

    private void broadcast(ServerProcess server, IdleClients clients, KafkaProducer<String, byte[]> producer,
                           TopicCatalog catalog, int n, int warmup, int measured) throws Exception {
        line("");
        line("## One leaderboard update to all " + n + " subscribers of leaderboard:overall, received by "
                + clients.describe());
        // As with the small channel: the first broadcasts run cold code (in the node and in this client), so a few
        // go first and are left out of the figures.
        int count = warmup + measured;
        long[] lastAfterSend = new long[count];
        long[] spread = new long[count];
        // Wall-clock send times, to line slow broadcasts up with GC logs and other processes' activity.
        long[] sentWall = new long[count];
        int incomplete = 0;
        long cpuStart = 0;
        long selfCpuStart = 0;
        long clientCpuStart = 0;
        for (int k = 0; k < count; k++) {
            if (k == warmup) {
                cpuStart = server.cpuNanos();
                selfCpuStart = selfCpuNanos();
                clientCpuStart = clients.ownCpuNanos();
            }
            clients.startRound(k + 1);
            LeaderboardUpdate update = LeaderboardUpdate.newBuilder().setEventId("b" + k).setCategory("overall")
                    .setSeq(k + 1).setRank(1).setUserId(1).setUsername("bench").setMetricValue(k)
                    .setPreviousRank(2).setRankChange(1).setTimestamp(Instant.now()).build();
            long sent = System.nanoTime();
            sentWall[k] = System.currentTimeMillis();
            send(producer, catalog, Topic.LEADERBOARD_UPDATES, "overall", update, "leaderboard:overall");
            long[] firstLast = clients.awaitRound(Duration.ofSeconds(20));
            if (firstLast == null) {
                incomplete += k >= warmup ? 1 : 0;
                lastAfterSend[k] = TimeUnit.SECONDS.toNanos(20);
            } else {
                lastAfterSend[k] = firstLast[1] - sent;
                spread[k] = firstLast[1] - firstLast[0];
            }
            Thread.sleep(500);
        }
        long cpu = server.cpuNanos() - cpuStart;
        long selfCpu = selfCpuNanos() - selfCpuStart;
        long clientCpu = clients.ownCpuNanos() - clientCpuStart;
        long[] total = Arrays.copyOfRange(lastAfterSend, warmup, count);
        line("broadcasts: " + measured + " (after " + warmup + " to warm up), incomplete: " + incomplete);
        line("produce -> last client received: " + summary(total));
        line("first client -> last client received (the fan-out itself): "
                + summary(Arrays.copyOfRange(spread, warmup, count)));
        StringBuilder each = new StringBuilder();
        for (long t : lastAfterSend) {
            each.append(' ').append(ms(t));
        }
        line("produce -> last client, each broadcast in order, warm-up first (ms):" + each);
        StringBuilder slow = new StringBuilder();
        for (int k = 0; k < count; k++) {
            if (lastAfterSend[k] > TimeUnit.MILLISECONDS.toNanos(100)) {
                slow.append(' ').append(k).append(':').append(ms(lastAfterSend[k])).append('@')
                        .append(Instant.ofEpochMilli(sentWall[k]).toString().substring(11, 23));
            }
        }
        line("broadcasts over 100 ms (index:ms@sent, UTC):" + slow);
        if (measured > 0) {
            line(String.format("node CPU per delivered message: %.1f us (%d deliveries, includes 0.5 s pauses' "
                    + "idle)", cpu / 1000.0 / ((long) measured * n), (long) measured * n));
            // The client shares the two cores with the node: what it spends per message is time the node waits.
            line(String.format("load process (client, producer%s) CPU per delivered message: %.1f us",
                    opts.containsKey("bootstrap") ? "" : ", broker", selfCpu / 1000.0 / ((long) measured * n)));
            if (clientCpu > 0) {
                line(String.format("wsload CPU per delivered message: %.1f us", clientCpu / 1000.0
                        / ((long) measured * n)));
            }
        }
    }

    private void small(ServerProcess server, LoadClient client, EmbeddedKafka kafka,
                       KafkaProducer<String, byte[]> producer, TopicCatalog catalog, int warmup, int measured, int rate) throws Exception {
        int subscribers = 5;
        // The first messages run cold code in the producer, the broker, the node and the client (the first
        // second or two take 10-300 ms): sent and received like the rest, left out of the figures.
        int count = warmup + measured;
        long[] sentAt = new long[count];
        ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
        AtomicLongArray worst = new AtomicLongArray(count);
        CountDownLatch ready = new CountDownLatch(subscribers);
        CountDownLatch warm = new CountDownLatch(warmup * subscribers);
        CountDownLatch all = new CountDownLatch(count * subscribers);
        List<Channel> channels = new ArrayList<>();
        LoadClient.Events events = new LoadClient.Events() {
            @Override
            public void welcomed(Channel ch, long connectNanos, long welcomeNanos) {
            }

            @Override
            public void subscribed(Channel ch) {
                ready.countDown();
            }

            @Override
            public void message(Channel ch, ByteBuf content, long receivedNanos) {
                String text = content.toString(StandardCharsets.UTF_8);
                int at = text.indexOf("\"message\":\"s");
                if (at > 0 && text.contains("\"channel\":\"" + SMALL_CHANNEL + "\"")) {
                    int end = text.indexOf('"', at + 12);
                    int i = Integer.parseInt(text.substring(at + 12, end));
                    long l = receivedNanos - sentAt[i];
                    if (i >= warmup) {
                        latencies.add(l);
                        worst.accumulateAndGet(i, l, Math::max);
                    } else {
                        warm.countDown();
                    }
                    all.countDown();
                }
            }
        };
        for (int i = 0; i < subscribers; i++) {
            channels.add(client.connect(List.of(SMALL_CHANNEL), events).sync().channel());
        }
        ready.await(30, TimeUnit.SECONDS);
        // With --kafka-hop=true, the same records read by a plain Kafka consumer (read_committed, like the node's) in
        // this process: the Kafka hop alone on this machine, in the same run. Off by default: it fetches from the same
        // broker on the same two cores at the same moments, so it is load on what it measures (the node's share
        // within 10 ms fell in each of six alternating pairs with it).
        boolean measureHop = Boolean.parseBoolean(opts.getOrDefault("kafka-hop", "false"));
        long[] plainAt = new long[count];
        AtomicBoolean plainStop = new AtomicBoolean();
        CountDownLatch plainReady = new CountDownLatch(1);
        Thread plain = new Thread(() -> {
            try (KafkaConsumer<String, byte[]> c = kafka.consumer()) {
                List<TopicPartition> parts = c.partitionsFor(catalog.name(Topic.ACTIVITY))
                        .stream().map(pi -> new TopicPartition(pi.topic(), pi.partition()))
                        .toList();
                c.assign(parts);
                c.seekToEnd(parts);
                parts.forEach(c::position);
                plainReady.countDown();
                while (!plainStop.get()) {
                    for (var r : c.poll(Duration.ofMillis(100))) {
                        var h = r.headers().lastHeader(BENCH_INDEX);
                        if (h != null) {
                            plainAt[Integer.parseInt(new String(h.value(), StandardCharsets.UTF_8))] =
                                    System.nanoTime();
                        }
                    }
                }
            }
        }, "bench-plain-consumer");
        if (measureHop) {
            plain.start();
            plainReady.await(30, TimeUnit.SECONDS);
        }
        TreeMap<Double, Long> before = null;
        TreeMap<Double, Long> nodeBefore = null;
        long start = System.nanoTime();
        for (int i = 0; i < count; i++) {
            if (i == warmup) {
                // The node's histogram over the measured messages only: read it once the warm-up is delivered.
                warm.await(30, TimeUnit.SECONDS);
                String scrape = server.prometheus();
                before = ServerProcess.latencyBuckets(scrape, TOTAL_LATENCY);
                nodeBefore = ServerProcess.latencyBuckets(scrape, NODE_LATENCY);
                // Rendering the scrape is work for the node too: let it pass before the measured messages.
                Thread.sleep(1000);
                start = System.nanoTime() - (long) i * 1_000_000_000L / rate;
            }
            pace(start, i, rate);
            ActivityItem item = ActivityItem.newBuilder().setEventId("s" + i).setKind("high.score").setUserId(2)
                    .setUsername("bench").setMessage("s" + i).setTimestamp(Instant.now()).build();
            sentAt[i] = System.nanoTime();
            ProducerRecord<String, byte[]> record = record(catalog, Topic.ACTIVITY, "high-scores", item,
                    SMALL_CHANNEL);
            record.headers().add(BENCH_INDEX, Integer.toString(i).getBytes(StandardCharsets.UTF_8));
            producer.send(record);
        }
        all.await(60, TimeUnit.SECONDS);
        Thread.sleep(200);
        plainStop.set(true);
        plain.join(5000);
        long[] kafkaOnly = IntStream.range(warmup, count).filter(i -> plainAt[i] != 0)
                .mapToLong(i -> plainAt[i] - sentAt[i]).toArray();
        String scrape = server.prometheus();
        TreeMap<Double, Long> after = ServerProcess.latencyBuckets(scrape, TOTAL_LATENCY);
        TreeMap<Double, Long> nodeAfter = ServerProcess.latencyBuckets(scrape, NODE_LATENCY);
        long[] l = latencies.stream().mapToLong(Long::longValue).toArray();
        line("");
        line("## A channel with " + subscribers + " subscribers, " + measured + " messages at " + rate + "/s (after "
                + warmup + " to warm up)");
        line("produce -> client received (includes the Kafka hop: producer, broker, fetch): " + summary(l)
                + " (" + l.length + " of " + measured * subscribers + " received)");
        line("the same records to a plain Kafka consumer in the load process (the Kafka hop alone): "
                + (measureHop ? summary(kafkaOnly) : "not measured (--kafka-hop=true measures it)"));
        if (before != null) {
            line("the node's own histogram, record timestamp -> socket write (bucket upper bounds): "
                    + bucketSummary(before, after));
            line("the node's own part, its consumer's poll -> socket write (bucket upper bounds): "
                    + bucketSummary(nodeBefore, nodeAfter));
        }
        // Where the tail is: isolated slow messages or a stretch of them (a pause somewhere).
        StringBuilder slow = new StringBuilder();
        int slowCount = 0;
        for (int i = 0; i < count; i++) {
            if (worst.get(i) > TimeUnit.MILLISECONDS.toNanos(10)) {
                slowCount++;
                if (slowCount <= 120) {
                    slow.append(String.format(" #%d@%.2fs:%dms", i - warmup, (double) (i - warmup) / rate,
                            ms(worst.get(i))));
                }
            }
        }
        line("messages slower than 10 ms to their last subscriber: " + slowCount + slow);
        channels.forEach(Channel::close);
    }

    /** {@code count} handshakes at {@code rate} a second; reported under {@code title}, or not at all when null. */
    private void handshakes(LoadClient client, int count, int rate, String title) throws Exception {
        // Per handshake: when it started (since the phase began), how long it took (0 if it failed) and how long
        // its TCP connect took, to tell a stall (slow ones bunched in time) from single connections held up.
        AtomicLongArray startedAt = new AtomicLongArray(count);
        AtomicLongArray took = new AtomicLongArray(count);
        AtomicLongArray tcp = new AtomicLongArray(count);
        CountDownLatch done = new CountDownLatch(count);
        List<Channel> opened = new ArrayList<>();
        AtomicInteger failed = new AtomicInteger();
        KernelCounters before = KernelCounters.read();
        Instant startInstant = Instant.now();
        long start = System.nanoTime();
        for (int i = 0; i < count; i++) {
            pace(start, i, rate);
            int index = i;
            startedAt.set(index, System.nanoTime() - start);
            LoadClient.Events timed = new LoadClient.Events() {
                @Override
                public void connected(Channel ch, long activeNanos) {
                    tcp.set(index, activeNanos - start - startedAt.get(index));
                }

                @Override
                public void welcomed(Channel ch, long connectNanos, long welcomeNanos) {
                    took.set(index, welcomeNanos - connectNanos);
                    done.countDown();
                }

                @Override
                public void subscribed(Channel ch) {
                }

                @Override
                public void message(Channel ch, ByteBuf text, long receivedNanos) {
                }
            };
            client.connect(List.of(), timed).addListener(f -> {
                if (f.isSuccess()) {
                    synchronized (opened) {
                        opened.add(((io.netty.channel.ChannelFuture) f).channel());
                    }
                } else {
                    failed.incrementAndGet();
                    done.countDown();
                }
            });
        }
        done.await(60, TimeUnit.SECONDS);
        if (title != null) {
            report(title, count, startInstant, startedAt, took, tcp, failed.get(), before);
        }
        synchronized (opened) {
            opened.forEach(Channel::close);
        }
        Thread.sleep(2000);
    }

    /** A handshake phase's figures, and its slow handshakes by when they started. */
    private void report(String title, int count, Instant startInstant, AtomicLongArray startedAt,
                        AtomicLongArray took, AtomicLongArray tcp, int failed, KernelCounters before) {
        long[] t = IntStream.range(0, count).mapToLong(took::get).filter(n -> n > 0).toArray();
        line("");
        line("## " + title + " (" + count + " connections, TCP connect to welcome, from " + startInstant + ")");
        line(summary(t) + ", failed " + failed + ", completed " + t.length);
        KernelCounters after = KernelCounters.read();
        // Slow handshakes by when they started, in 100 ms slices: "start slice: slow/all, worst".
        TreeMap<Long, long[]> slices = new TreeMap<>();
        int slowCount = 0;
        for (int i = 0; i < count; i++) {
            long[] slice = slices.computeIfAbsent(startedAt.get(i) / 100_000_000L, k -> new long[4]);
            slice[1]++;
            if (took.get(i) > TimeUnit.MILLISECONDS.toNanos(50)) {
                slowCount++;
                slice[0]++;
                slice[2] = Math.max(slice[2], took.get(i));
                slice[3] = Math.max(slice[3], tcp.get(i));
            }
        }
        StringBuilder slow = new StringBuilder();
        slices.forEach((slice, c) -> {
            if (c[0] > 0) {
                slow.append(String.format(" %.1fs:%d/%d,%dms(tcp %dms)", slice / 10.0, c[0], c[1], ms(c[2]),
                        ms(c[3])));
            }
        });
        line("handshakes slower than 50 ms: " + slowCount + "; by start (slice: slow/all, worst (worst TCP connect)):" + slow);
        // Segment and packet totals always move; what matters is drops, retransmits, overflows, resets.
        line("kernel counters that moved: " + after.changesSince(before, List.of("IpIn", "IpOut", "IpExtIn",
                "IpExtOut", "TcpIn", "TcpOut", "TcpActiveOpens", "TcpPassiveOpens", "TcpCurrEstab", "TcpExtTCPHPAcks",
                "TcpExtTCPHPHits", "TcpExtTCPPureAcks", "TcpExtTCPOrigDataSent", "TcpExtTCPDelivered",
                "TcpExtTCPAutoCorking", "UdpIn", "UdpOut", "IcmpMsg")));
    }

    private static void pace(long start, int i, int perSecond) throws InterruptedException {
        long due = start + (long) i * 1_000_000_000L / perSecond;
        long wait = due - System.nanoTime();
        if (wait > 0) {
            TimeUnit.NANOSECONDS.sleep(wait);
        }
    }

    private static void send(KafkaProducer<String, byte[]> producer, TopicCatalog catalog, Topic topic, String key,
                             SpecificRecord value, String channel) throws Exception {
        sendAsync(producer, catalog, topic, key, value, channel).get(30, TimeUnit.SECONDS);
    }

    private static Future<?> sendAsync(KafkaProducer<String, byte[]> producer,
                                                            TopicCatalog catalog, Topic topic, String key,
                                                            SpecificRecord value, String channel) {
        return producer.send(record(catalog, topic, key, value, channel));
    }

    private static ProducerRecord<String, byte[]> record(TopicCatalog catalog, Topic topic, String key,
                                                         SpecificRecord value, String channel) {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(catalog.name(topic), key,
                AvroCodec.shared().encode(value));
        record.headers().add(LiveboardHeaders.CHANNELS, channel.getBytes(StandardCharsets.UTF_8));
        return record;
    }

    /** p50 / p99 / max of the deliveries counted between two readings of a cumulative histogram. */
    private static String bucketSummary(TreeMap<Double, Long> before, TreeMap<Double, Long> after) {
        long total = after.lastEntry().getValue() - before.getOrDefault(after.lastKey(), 0L);
        if (total <= 0) {
            return "no deliveries counted";
        }
        StringBuilder sb = new StringBuilder();
        double[] quantiles = {0.5, 0.99, 1.0};
        String[] names = {"p50", "p99", "max"};
        for (int q = 0; q < quantiles.length; q++) {
            long need = (long) Math.ceil(total * quantiles[q]);
            for (Map.Entry<Double, Long> e : after.entrySet()) {
                if (e.getValue() - before.getOrDefault(e.getKey(), 0L) >= need) {
                    sb.append(String.format("%s <= %.2f ms, ", names[q], e.getKey() * 1000));
                    break;
                }
            }
        }
        sb.append("n=").append(total);
        // The node has a bucket at the 10 ms target itself: the share within it is exact, not a bucket's bound.
        Long within = after.get(SMALL_CHANNEL_TARGET_SECONDS);
        if (within != null) {
            sb.append(String.format(", within 10 ms: %.2f %%",
                    100.0 * (within - before.getOrDefault(SMALL_CHANNEL_TARGET_SECONDS, 0L)) / total));
        }
        return sb.toString();
    }

    private static String summary(long[] nanos) {
        if (nanos.length == 0) {
            return "no samples";
        }
        long[] s = nanos.clone();
        Arrays.sort(s);
        return String.format("p50 %.1f ms, p99 %.1f ms, max %.1f ms (n=%d)", s[s.length / 2] / 1e6,
                s[Math.min(s.length - 1, (int) Math.ceil(s.length * 0.99) - 1)] / 1e6, s[s.length - 1] / 1e6,
                s.length);
    }

    private static long selfCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static long ms(long nanos) {
        return TimeUnit.NANOSECONDS.toMillis(nanos);
    }

    private void line(String s) {
        System.out.println(s);
        report.append(s).append('\n');
    }
}
