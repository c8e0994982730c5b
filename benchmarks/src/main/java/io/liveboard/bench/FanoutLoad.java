package io.liveboard.bench;

import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import io.liveboard.catalog.LiveboardHeaders;
import io.liveboard.catalog.Topic;
import io.liveboard.catalog.TopicCatalog;
import io.liveboard.events.ActivityItem;
import io.liveboard.events.LeaderboardUpdate;
import io.liveboard.schema.AvroCodec;
import io.liveboard.testing.EmbeddedKafka;
import io.netty.channel.Channel;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

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

    private final Map<String, String> opts;
    private final StringBuilder report = new StringBuilder();

    private FanoutLoad(Map<String, String> opts) {
        this.opts = opts;
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> opts = new HashMap<>();
        for (String a : args) {
            if (!a.startsWith("--") || !a.contains("=")) {
                throw new IllegalArgumentException("options are --name=value: " + a);
            }
            opts.put(a.substring(2, a.indexOf('=')), a.substring(a.indexOf('=') + 1));
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
        Path out = Path.of(opts.getOrDefault("out", "benchmarks/target/fanout-bench.md"));

        EmbeddedKafka kafka = EmbeddedKafka.shared();
        TopicCatalog catalog = kafka.createTopics("bench");
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        List<String> serverArgs = new ArrayList<>();
        if (opts.containsKey("io-threads")) {
            serverArgs.add("--liveboard.fanout.io-threads=" + opts.get("io-threads"));
        }
        line("# WebSocket fan-out benchmark, " + Instant.now());
        line("connections=" + connections + " heap=" + heap + " cores=" + Runtime.getRuntime().availableProcessors()
                + " (client, Kafka and the node share them)");
        try (ServerProcess server = ServerProcess.start(kafka.bootstrapServers(), catalog.prefix(), port, heap,
                serverArgs); KafkaProducer<String, byte[]> producer = kafka.producer()) {
            server.awaitReady(java.time.Duration.ofSeconds(90));
            LoadClient client = new LoadClient(URI.create("ws://127.0.0.1:" + port + "/api/ws"),
                    intOpt("client-threads", 2));
            try {
                idle(server, client, connections, connectRate);
                broadcast(server, client, producer, catalog, connections, broadcasts);
                small(client, producer, catalog, smallMessages, smallRate);
                handshakes(client, handshakes, handshakeRate, "handshake at " + handshakeRate + "/s");
                if (stormRate > 0) {
                    handshakes(client, stormRate * 2, stormRate, "reconnect storm at " + stormRate + "/s");
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

    private final List<Channel> idleChannels = new ArrayList<>();
    private final AtomicInteger broadcastReceived = new AtomicInteger();
    private final AtomicLong broadcastLast = new AtomicLong();
    private final AtomicLong broadcastFirst = new AtomicLong();
    private volatile int broadcastTarget;
    private volatile CountDownLatch broadcastDone = new CountDownLatch(1);

    private void idle(ServerProcess server, LoadClient client, int n, int rate) throws Exception {
        long heap0 = server.liveHeapBytes();
        long rss0 = server.rssBytes();
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
            public void message(Channel ch, String text, long receivedNanos) {
                if (text.startsWith("{\"type\":\"leaderboard.update\",\"channel\":\"leaderboard:overall\"")) {
                    broadcastFirst.compareAndSet(0, receivedNanos);
                    if (broadcastReceived.incrementAndGet() == broadcastTarget) {
                        broadcastLast.set(receivedNanos);
                        broadcastDone.countDown();
                    }
                }
            }
        };
        long start = System.nanoTime();
        for (int i = 0; i < n; i++) {
            pace(start, i, rate);
            client.connect(IDLE_CHANNELS, events).addListener(f -> {
                if (f.isSuccess()) {
                    synchronized (idleChannels) {
                        idleChannels.add(((io.netty.channel.ChannelFuture) f).channel());
                    }
                } else {
                    failed.incrementAndGet();
                    ready.countDown();
                }
            });
        }
        if (!ready.await(120, TimeUnit.SECONDS)) {
            throw new IllegalStateException("only " + (n - ready.getCount()) + " of " + n + " connections subscribed");
        }
        line("");
        line("## Idle connections (each subscribed to " + IDLE_CHANNELS + ")");
        line("opened " + n + " (failed " + failed.get() + ") in " + ms(System.nanoTime() - start) + " ms");
        Thread.sleep(2000);
        long heap1 = server.liveHeapBytes();
        long rss1 = server.rssBytes();
        int open = n - failed.get();
        line(String.format("live heap after full GC: empty node %.1f MB, with %d connections %.1f MB -> %.0f bytes "
                + "per connection", heap0 / 1e6, open, heap1 / 1e6, (heap1 - heap0) / (double) open));
        line(String.format("RSS: empty node %.1f MB, with connections %.1f MB -> %.0f bytes per connection",
                rss0 / 1e6, rss1 / 1e6, (rss1 - rss0) / (double) open));
        line("```");
        report.append(server.histogramTop(15));
        line("```");
        long cpu0 = server.cpuNanos();
        long t0 = System.nanoTime();
        Thread.sleep(intOpt("idle-seconds", 30) * 1000L);
        long cpu1 = server.cpuNanos();
        line(String.format("idle CPU of the node over %d s: %.2f %% of one core", intOpt("idle-seconds", 30),
                100.0 * (cpu1 - cpu0) / (System.nanoTime() - t0)));
    }

    private void broadcast(ServerProcess server, LoadClient client, KafkaProducer<String, byte[]> producer,
                           TopicCatalog catalog, int n, int count) throws Exception {
        line("");
        line("## One leaderboard update to all " + n + " subscribers of leaderboard:overall");
        long[] lastAfterSend = new long[count];
        long[] spread = new long[count];
        int incomplete = 0;
        long cpuStart = server.cpuNanos();
        for (int k = 0; k < count; k++) {
            broadcastReceived.set(0);
            broadcastFirst.set(0);
            broadcastTarget = idleChannels.size();
            broadcastDone = new CountDownLatch(1);
            LeaderboardUpdate update = LeaderboardUpdate.newBuilder().setEventId("b" + k).setCategory("overall")
                    .setSeq(k + 1).setRank(1).setUserId(1).setUsername("bench").setMetricValue(k)
                    .setPreviousRank(2).setRankChange(1).setTimestamp(Instant.now()).build();
            long sent = System.nanoTime();
            send(producer, catalog, Topic.LEADERBOARD_UPDATES, "overall", update, "leaderboard:overall");
            if (!broadcastDone.await(20, TimeUnit.SECONDS)) {
                incomplete++;
                lastAfterSend[k] = TimeUnit.SECONDS.toNanos(20);
            } else {
                lastAfterSend[k] = broadcastLast.get() - sent;
                spread[k] = broadcastLast.get() - broadcastFirst.get();
            }
            Thread.sleep(500);
        }
        long cpu = server.cpuNanos() - cpuStart;
        line("broadcasts: " + count + ", incomplete: " + incomplete);
        line("produce -> last client received: " + summary(lastAfterSend));
        line("first client -> last client received (the fan-out itself): " + summary(spread));
        line(String.format("node CPU per delivered message: %.1f us (%d deliveries, includes 0.5 s pauses' idle)",
                cpu / 1000.0 / ((long) count * n), (long) count * n));
    }

    private void small(LoadClient client, KafkaProducer<String, byte[]> producer, TopicCatalog catalog,
                       int count, int rate) throws Exception {
        int subscribers = 5;
        long[] sentAt = new long[count];
        ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
        CountDownLatch ready = new CountDownLatch(subscribers);
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
            public void message(Channel ch, String text, long receivedNanos) {
                int at = text.indexOf("\"message\":\"s");
                if (at > 0 && text.contains("\"channel\":\"" + SMALL_CHANNEL + "\"")) {
                    int end = text.indexOf('"', at + 12);
                    int i = Integer.parseInt(text.substring(at + 12, end));
                    latencies.add(receivedNanos - sentAt[i]);
                    all.countDown();
                }
            }
        };
        for (int i = 0; i < subscribers; i++) {
            channels.add(client.connect(List.of(SMALL_CHANNEL), events).sync().channel());
        }
        ready.await(30, TimeUnit.SECONDS);
        long start = System.nanoTime();
        for (int i = 0; i < count; i++) {
            pace(start, i, rate);
            ActivityItem item = ActivityItem.newBuilder().setEventId("s" + i).setKind("high.score").setUserId(2)
                    .setUsername("bench").setMessage("s" + i).setTimestamp(Instant.now()).build();
            sentAt[i] = System.nanoTime();
            sendAsync(producer, catalog, Topic.ACTIVITY, "high-scores", item, SMALL_CHANNEL);
        }
        all.await(60, TimeUnit.SECONDS);
        long[] l = latencies.stream().mapToLong(Long::longValue).toArray();
        line("");
        line("## A channel with " + subscribers + " subscribers, " + count + " messages at " + rate + "/s");
        line("produce -> client received (includes the Kafka hop: producer, broker, fetch): " + summary(l)
                + " (" + l.length + " of " + count * subscribers + " received)");
        channels.forEach(Channel::close);
    }

    private void handshakes(LoadClient client, int count, int rate, String title) throws Exception {
        ConcurrentLinkedQueue<Long> times = new ConcurrentLinkedQueue<>();
        CountDownLatch done = new CountDownLatch(count);
        List<Channel> opened = new ArrayList<>();
        AtomicInteger failed = new AtomicInteger();
        LoadClient.Events events = new LoadClient.Events() {
            @Override
            public void welcomed(Channel ch, long connectNanos, long welcomeNanos) {
                times.add(welcomeNanos - connectNanos);
                done.countDown();
            }

            @Override
            public void subscribed(Channel ch) {
            }

            @Override
            public void message(Channel ch, String text, long receivedNanos) {
            }
        };
        long start = System.nanoTime();
        for (int i = 0; i < count; i++) {
            pace(start, i, rate);
            client.connect(List.of(), events).addListener(f -> {
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
        long[] t = times.stream().mapToLong(Long::longValue).toArray();
        line("");
        line("## " + title + " (" + count + " connections, TCP connect to welcome)");
        line(summary(t) + ", failed " + failed.get() + ", completed " + t.length);
        synchronized (opened) {
            opened.forEach(Channel::close);
        }
        Thread.sleep(2000);
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

    private static java.util.concurrent.Future<?> sendAsync(KafkaProducer<String, byte[]> producer,
                                                            TopicCatalog catalog, Topic topic, String key,
                                                            SpecificRecord value, String channel) {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(catalog.name(topic), key,
                AvroCodec.shared().encode(value));
        record.headers().add(LiveboardHeaders.CHANNELS, channel.getBytes(StandardCharsets.UTF_8));
        return producer.send(record);
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

    private static long ms(long nanos) {
        return TimeUnit.NANOSECONDS.toMillis(nanos);
    }

    private void line(String s) {
        System.out.println(s);
        report.append(s).append('\n');
    }
}
