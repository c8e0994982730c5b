package io.liveboard.cli.run;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import io.liveboard.catalog.ProcessorPropertyNames;
import io.liveboard.catalog.TopicCatalog;
import io.liveboard.cli.CliException;
import io.liveboard.cli.apps.SpringApps;
import io.liveboard.fanout.FanoutApplication;
import io.liveboard.processors.ProcessorsApplication;
import io.liveboard.simulator.Simulator;
import io.liveboard.simulator.SimulatorConfig;
import io.liveboard.simulator.SimulatorException;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.errors.TopicExistsException;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Everything of liveboard in this JVM: a Kafka (in-process unless one is given), the topics, the stream
 * processors, one fan-out node with the dashboard, and the simulated learning apps. Stops in reverse order
 * of start (simulator, fan-out, processors, Kafka), so nothing writes to a closed neighbour.
 */
public final class LocalPlatform implements AutoCloseable {

    /** What {@code liveboard run} was asked for. */
    public record Settings(Path dataDir, String bootstrap, int kafkaPort, int httpPort, int processorsPort,
                           boolean simulator, int users, double rate, int historyDays, String prefix) {
    }

    /** The apps speak through this launcher's status lines; their logs only when something is wrong. */
    private static final List<String> QUIET = List.of("--spring.main.log-startup-info=false",
            "--logging.level.root=WARN", "--logging.level.io.liveboard=WARN",
            "--logging.level.org.apache.kafka=ERROR", "--logging.level.kafka=ERROR");

    private final Settings settings;
    private final PrintWriter log;
    private final Deque<AutoCloseable> started = new ArrayDeque<>();
    private String bootstrap;
    private Simulator simulator;

    private LocalPlatform(Settings settings, PrintWriter log) {
        this.settings = settings;
        this.log = log;
    }

    /** Starts every part; on failure, stops what had started and throws a {@link CliException}. */
    public static LocalPlatform start(Settings settings, PrintWriter log) {
        LocalPlatform platform = new LocalPlatform(settings, log);
        try {
            platform.startAll();
            return platform;
        } catch (RuntimeException e) {
            platform.close();
            throw e;
        }
    }

    private void startAll() {
        long t0 = System.nanoTime();
        if (settings.bootstrap() == null) {
            int controllerPort = settings.kafkaPort() + 1;
            try {
                InProcessBroker broker = InProcessBroker.start(settings.dataDir().resolve("kafka"),
                        settings.kafkaPort(), controllerPort);
                started.push(broker);
                bootstrap = broker.bootstrap();
            } catch (IOException | RuntimeException e) {
                throw new CliException("the in-process Kafka did not start on ports " + settings.kafkaPort() + "/"
                        + controllerPort + ": " + rootMessage(e) + " (is another Kafka running? use --kafka-port, "
                        + "or --bootstrap to use it)");
            }
            step("Kafka (in-process)", bootstrap + ", data in " + settings.dataDir().resolve("kafka"), t0);
        } else {
            bootstrap = settings.bootstrap();
        }

        long t1 = System.nanoTime();
        createTopics();
        step("topics", "ready", t1);

        long t2 = System.nanoTime();
        Map<String, String> processors = new LinkedHashMap<>(io.liveboard.cli.apps.ProcessorsCommand.settings(
                bootstrap, settings.prefix(), settings.processorsPort(), stateDir(), "dev"));
        // Time to commit and leave the group before Kafka stops: a member that did not leave holds up the
        // next start's rebalance for a whole session timeout.
        processors.put(ProcessorPropertyNames.CLOSE_TIMEOUT, "30s");
        // The one local instance keeps its identity across restarts (static membership), so a run that was
        // killed does not hold up the next one's rebalance until its session times out.
        processors.put("spring.kafka.streams.properties.group.instance.id", "liveboard-run-processors");
        started.push(SpringApps.start(ProcessorsApplication.class, "stream processors", processors, QUIET,
                false)::close);
        step("stream processors", "health http://127.0.0.1:" + settings.processorsPort() + "/actuator/health", t2);

        long t3 = System.nanoTime();
        ConfigurableApplicationContext fanout = SpringApps.start(FanoutApplication.class, "fan-out",
                io.liveboard.cli.apps.FanoutCommand.settings(bootstrap, settings.prefix(), settings.httpPort(), "dev"),
                QUIET, false);
        started.push(fanout::close);
        step("fan-out and dashboard", "http://localhost:" + settings.httpPort() + "/", t3);

        if (settings.simulator()) {
            long t4 = System.nanoTime();
            try {
                simulator = Simulator.toKafka(SimulatorConfig.defaults()
                        .withBootstrap(bootstrap).withPrefix(settings.prefix())
                        .withUsers(settings.users()).withRate(settings.rate())
                        .withHistoryDays(settings.historyDays())).start();
            } catch (SimulatorException e) {
                throw new CliException("the simulator did not start: " + e.getMessage());
            }
            started.push(simulator);
            step("simulated learning apps", settings.users() + " learners, " + settings.rate() + " events/s"
                    + (settings.historyDays() > 0 ? " (back-dated practice history first, on a fresh Kafka)" : ""), t4);
        }
    }

    private void createTopics() {
        TopicCatalog catalog = new TopicCatalog(settings.prefix());
        Properties props = new Properties();
        props.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(CommonClientConfigs.DEFAULT_API_TIMEOUT_MS_CONFIG, "30000");
        props.put(CommonClientConfigs.REQUEST_TIMEOUT_MS_CONFIG, "15000");
        try (Admin admin = Admin.create(props)) {
            var existing = admin.listTopics().names().get(15, TimeUnit.SECONDS);
            for (var topic : catalog.newTopics()) {
                if (!existing.contains(topic.name())) {
                    try {
                        admin.createTopics(List.of(topic)).all().get(30, TimeUnit.SECONDS);
                    } catch (java.util.concurrent.ExecutionException e) {
                        if (!(e.getCause() instanceof TopicExistsException)) {
                            throw e;
                        }
                    }
                }
            }
        } catch (Exception e) {
            throw new CliException("cannot create the topics at " + bootstrap + ": " + rootMessage(e));
        }
    }

    /** Streams state belongs to the Kafka it was built from (a stale one fails against another broker). */
    private Path stateDir() {
        String owner = settings.bootstrap() == null ? "embedded" : settings.bootstrap().replaceAll("[^A-Za-z0-9.-]", "_");
        return settings.dataDir().resolve("streams-" + owner + (settings.prefix().isEmpty() ? "" : "-" + settings.prefix()));
    }

    public String bootstrap() {
        return bootstrap;
    }

    /** The simulator's failure, if it stopped on its own (e.g. Kafka went away). */
    public java.util.Optional<SimulatorException> simulatorFailure() {
        return simulator == null ? java.util.Optional.empty() : simulator.failure();
    }

    private void step(String what, String detail, long startNanos) {
        log.printf("  %-24s %s (%.1fs)%n", what, detail, (System.nanoTime() - startNanos) / 1e9);
        log.flush();
    }

    @Override
    public synchronized void close() {
        while (!started.isEmpty()) {
            AutoCloseable part = started.pop();
            try {
                part.close();
            } catch (Exception e) {
                log.println("  (while stopping: " + rootMessage(e) + ")");
            }
        }
        log.flush();
    }

    /** Deletes everything {@code run} keeps, for {@code --fresh}. */
    public static void wipe(Path dataDir) throws IOException {
        if (!Files.exists(dataDir)) {
            return;
        }
        try (var paths = Files.walk(dataDir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }

    static Duration elapsed(long startNanos) {
        return Duration.ofNanos(System.nanoTime() - startNanos);
    }
}
