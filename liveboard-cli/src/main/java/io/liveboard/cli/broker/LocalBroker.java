package io.liveboard.cli.broker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import io.liveboard.cli.CliException;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.common.Uuid;

/**
 * A standalone single-node KRaft broker (broker and controller in one process) on 127.0.0.1, run from
 * Kafka's own jars as a separate, detached process. Its data directory holds the config, the logs, the
 * process id and the broker's log file, so start, stop and status need nothing else.
 */
final class LocalBroker {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

    private final Path dataDir;
    private final int port;
    private final int controllerPort;

    LocalBroker(Path dataDir, int port, int controllerPort) {
        this.dataDir = dataDir.toAbsolutePath().normalize();
        this.port = port;
        this.controllerPort = controllerPort;
    }

    String bootstrap() {
        return "127.0.0.1:" + port;
    }

    Path dataDir() {
        return dataDir;
    }

    /** The client port the last start wrote into this data directory's config, if it has one. */
    Optional<Integer> configuredPort() {
        try {
            if (!Files.exists(configFile())) {
                return Optional.empty();
            }
            Properties config = new Properties();
            try (var in = Files.newBufferedReader(configFile(), StandardCharsets.UTF_8)) {
                config.load(in);
            }
            String advertised = config.getProperty("advertised.listeners", "");
            int colon = advertised.lastIndexOf(':');
            return colon < 0 ? Optional.empty() : Optional.of(Integer.parseInt(advertised.substring(colon + 1).trim()));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    Path logFile() {
        return dataDir.resolve("broker.log");
    }

    private Path pidFile() {
        return dataDir.resolve("broker.pid");
    }

    private Path configFile() {
        return dataDir.resolve("server.properties");
    }

    private Path logDirs() {
        return dataDir.resolve("kraft-logs");
    }

    /** The broker process of this data directory, if one runs. */
    Optional<ProcessHandle> running() {
        try {
            if (!Files.exists(pidFile())) {
                return Optional.empty();
            }
            long pid = Long.parseLong(Files.readString(pidFile()).trim());
            return ProcessHandle.of(pid).filter(ProcessHandle::isAlive).filter(this::isOurBroker);
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** Guards against a reused pid: the process must be kafka.Kafka on our config file. */
    private boolean isOurBroker(ProcessHandle process) {
        return process.info().arguments()
                .map(args -> List.of(args).contains("kafka.Kafka") && List.of(args).contains(configFile().toString()))
                .orElse(true);
    }

    /** Formats on first start, launches the process, returns once it serves clients. */
    ProcessHandle start() {
        if (!portFree(port)) {
            throw new CliException("port " + port + " on 127.0.0.1 is already in use (another broker? try "
                    + "'liveboard kafka status --port " + port + "' or choose --port)");
        }
        if (!portFree(controllerPort)) {
            throw new CliException("controller port " + controllerPort + " on 127.0.0.1 is already in use "
                    + "(choose --controller-port)");
        }
        try {
            Files.createDirectories(dataDir);
            writeConfig();
            if (!Files.exists(logDirs().resolve("meta.properties"))) {
                format();
            }
            List<String> command = new ArrayList<>();
            if (Files.isExecutable(Path.of("/usr/bin/setsid"))) {
                // Its own session, so the broker outlives this command and a Ctrl-C in this terminal.
                command.add("/usr/bin/setsid");
            }
            command.addAll(javaCommand("kafka.Kafka", configFile().toString()));
            Process process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile().toFile()))
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .start();
            Files.writeString(pidFile(), Long.toString(process.pid()));
            waitUntilServing(process);
            return process.toHandle();
        } catch (IOException e) {
            throw new CliException("cannot start the broker: " + e.getMessage());
        }
    }

    /** Stops gracefully (SIGTERM, Kafka's controlled shutdown), forcibly after a timeout. */
    boolean stop() {
        Optional<ProcessHandle> process = running();
        if (process.isEmpty()) {
            deletePidFile();
            return false;
        }
        ProcessHandle handle = process.get();
        handle.destroy();
        try {
            handle.onExit().get(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            handle.destroyForcibly();
            try {
                handle.onExit().get(10, TimeUnit.SECONDS);
            } catch (Exception ignored) {
                throw new CliException("broker process " + handle.pid() + " did not stop");
            }
        }
        deletePidFile();
        return true;
    }

    /** The cluster id when the broker answers within the timeout. */
    Optional<String> clusterId(Duration timeout) {
        Properties props = new Properties();
        props.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrap());
        props.put(CommonClientConfigs.REQUEST_TIMEOUT_MS_CONFIG, Long.toString(Math.max(500, timeout.toMillis())));
        props.put(CommonClientConfigs.DEFAULT_API_TIMEOUT_MS_CONFIG, Long.toString(Math.max(500, timeout.toMillis())));
        try (Admin admin = Admin.create(props)) {
            return Optional.ofNullable(admin.describeCluster(new DescribeClusterOptions()
                    .timeoutMs((int) timeout.toMillis())).clusterId().get(timeout.toMillis(), TimeUnit.MILLISECONDS));
        } catch (Exception e) {
            return Optional.empty();
        }
    }

    int topicCount(Duration timeout) {
        Properties props = new Properties();
        props.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrap());
        try (Admin admin = Admin.create(props)) {
            return admin.listTopics().names().get(timeout.toMillis(), TimeUnit.MILLISECONDS).size();
        } catch (Exception e) {
            return -1;
        }
    }

    private void waitUntilServing(Process process) {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                deletePidFile();
                throw new CliException("the broker exited during start (exit code " + process.exitValue()
                        + "); last lines of " + logFile() + ":" + System.lineSeparator() + tail(logFile(), 15));
            }
            if (clusterId(Duration.ofSeconds(1)).isPresent()) {
                return;
            }
            sleep(250);
        }
        process.destroyForcibly();
        deletePidFile();
        throw new CliException("the broker did not serve within " + START_TIMEOUT.toSeconds() + "s; see " + logFile());
    }

    private void format() throws IOException {
        Path formatLog = dataDir.resolve("format.log");
        Process format = new ProcessBuilder(javaCommand("kafka.tools.StorageTool", "format", "--standalone",
                "-t", Uuid.randomUuid().toString(), "-c", configFile().toString()))
                .redirectErrorStream(true)
                .redirectOutput(formatLog.toFile())
                .start();
        try {
            if (!format.waitFor(60, TimeUnit.SECONDS)) {
                format.destroyForcibly();
                throw new CliException("formatting the broker storage timed out; see " + formatLog);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException("interrupted while formatting the broker storage");
        }
        if (format.exitValue() != 0) {
            throw new CliException("formatting the broker storage failed: " + tail(formatLog, 5));
        }
    }

    private void writeConfig() throws IOException {
        String config = String.join(System.lineSeparator(),
                "# Written by 'liveboard kafka start'; rewritten on every start.",
                "process.roles=broker,controller",
                "node.id=1",
                "controller.quorum.bootstrap.servers=127.0.0.1:" + controllerPort,
                "listeners=PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort,
                "advertised.listeners=PLAINTEXT://127.0.0.1:" + port,
                "controller.listener.names=CONTROLLER",
                "inter.broker.listener.name=PLAINTEXT",
                "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
                "log.dirs=" + logDirs(),
                "num.partitions=3",
                "auto.create.topics.enable=false",
                "offsets.topic.replication.factor=1",
                "transaction.state.log.replication.factor=1",
                "transaction.state.log.min.isr=1",
                "share.coordinator.state.topic.replication.factor=1",
                "share.coordinator.state.topic.min.isr=1",
                "group.initial.rebalance.delay.ms=0",
                "");
        Files.writeString(configFile(), config, StandardCharsets.UTF_8);
        Files.writeString(dataDir.resolve("logback.xml"), """
                <configuration>
                  <appender name="OUT" class="ch.qos.logback.core.ConsoleAppender">
                    <encoder><pattern>%d{ISO8601} %-5level [%thread] %logger{30} - %msg%n</pattern></encoder>
                  </appender>
                  <logger name="state.change.logger" level="WARN"/>
                  <root level="INFO"><appender-ref ref="OUT"/></root>
                </configuration>
                """, StandardCharsets.UTF_8);
    }

    private List<String> javaCommand(String mainClass, String... args) {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.add("-Xms256m");
        command.add("-Xmx1g");
        command.add("-XX:+UseG1GC");
        command.add("-Dlogback.configurationFile=" + dataDir.resolve("logback.xml"));
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(mainClass);
        command.addAll(List.of(args));
        return command;
    }

    private void deletePidFile() {
        try {
            Files.deleteIfExists(pidFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static boolean portFree(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    static String tail(Path file, int lines) {
        try {
            List<String> all = Files.readAllLines(file, StandardCharsets.UTF_8);
            return String.join(System.lineSeparator(), all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(no log)";
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException("interrupted");
        }
    }
}
