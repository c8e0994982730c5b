package io.liveboard.cli.run;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.regex.Pattern;

import io.liveboard.catalog.PropertyNames;
import io.liveboard.cli.CliException;
import io.liveboard.cli.LiveboardHome;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code liveboard run}: the whole platform on this machine in one command. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Run everything on this machine: an in-process Kafka (data kept in .liveboard/run between",
                "runs), the topics, the stream processors, one fan-out node with the dashboard at",
                "http://localhost:8080/, and simulated learning apps. Ctrl-C stops it all cleanly."})
public final class RunCommand implements Callable<Integer> {

    private static final Pattern BOOTSTRAP = Pattern.compile("[A-Za-z0-9.\\-\\[\\]:]+:\\d{1,5}(,[A-Za-z0-9.\\-\\[\\]:]+:\\d{1,5})*");

    @Spec
    CommandSpec spec;

    @Option(names = "--bootstrap", paramLabel = "HOST:PORT",
            description = "Use this Kafka instead of starting one in-process.")
    String bootstrap;

    @Option(names = "--fresh", description = "Start from nothing: wipe the data of earlier runs first.")
    boolean fresh;

    @Option(names = "--no-simulator", negatable = false, description = "Do not start the simulated learning apps.")
    boolean noSimulator;

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "8080",
            description = "Dashboard, REST and WebSocket port (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--kafka-port", paramLabel = "PORT", defaultValue = "9092",
            description = "Port of the in-process Kafka (default: ${DEFAULT-VALUE}; the next one is its controller's).")
    int kafkaPort;

    @Option(names = "--processors-port", paramLabel = "PORT", defaultValue = "8081",
            description = "Health and metrics port of the stream processors (default: ${DEFAULT-VALUE}).")
    int processorsPort;

    @Option(names = "--users", paramLabel = "N", defaultValue = "200",
            description = "Simulated learners (default: ${DEFAULT-VALUE}).")
    int users;

    @Option(names = "--rate", paramLabel = "EVENTS_PER_S", defaultValue = "20",
            description = "Simulated events per second (default: ${DEFAULT-VALUE}).")
    double rate;

    @Option(names = "--history-days", paramLabel = "D", defaultValue = "110",
            description = "Days of back-dated practice the simulator writes to a fresh Kafka, for streaks "
                    + "(default: ${DEFAULT-VALUE}).")
    int historyDays;

    @Option(names = "--prefix", paramLabel = "PREFIX", defaultValue = "${env:LIVEBOARD_TOPICS_PREFIX:-}",
            description = "Topic name prefix (default: $" + PropertyNames.TOPICS_PREFIX_ENV + " or none).")
    String prefix;

    @Option(names = "--data", paramLabel = "DIR", description = "Where run keeps its data (default: .liveboard/run).")
    Path data;

    @Override
    public Integer call() throws IOException {
        validate();
        Path dataDir = (data != null ? data : LiveboardHome.stateDir().resolve("run")).toAbsolutePath();
        PrintWriter err = spec.commandLine().getErr();
        if (fresh) {
            LocalPlatform.wipe(dataDir);
            err.println("Wiped " + dataDir);
        }
        err.println("Starting liveboard...");
        err.flush();
        long t0 = System.nanoTime();
        LocalPlatform platform = LocalPlatform.start(new LocalPlatform.Settings(dataDir, bootstrap, kafkaPort, port,
                processorsPort, !noSimulator, users, rate, historyDays, prefix), err);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            err.println();
            err.println("Stopping liveboard...");
            err.flush();
            platform.close();
            err.println("Stopped.");
            err.flush();
            stopped.countDown();
        }, "liveboard-run-stop"));
        PrintWriter out = spec.commandLine().getOut();
        out.printf("%nliveboard is running (started in %.1fs)%n", (System.nanoTime() - t0) / 1e9);
        out.printf("  Dashboard   http://localhost:%d/%n", port);
        out.printf("  WebSocket   ws://localhost:%d/api/ws   (token: ./liveboard token --user 42)%n", port);
        out.printf("  Kafka       %s   (./liveboard replay --bootstrap %s --topic activity --follow)%n",
                platform.bootstrap(), platform.bootstrap());
        out.println("  Ctrl-C stops everything.");
        out.flush();
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            platform.close();
        }
        return 0;
    }

    private void validate() {
        if (bootstrap != null && !BOOTSTRAP.matcher(bootstrap).matches()) {
            throw new CliException("--bootstrap must be HOST:PORT[,HOST:PORT...], not '" + bootstrap + "'",
                    CliException.USAGE);
        }
        for (int p : new int[] {port, kafkaPort, processorsPort}) {
            if (p < 1 || p > 65534) {
                throw new CliException("ports must be between 1 and 65534, not " + p, CliException.USAGE);
            }
        }
        if (port == processorsPort || (bootstrap == null && (kafkaPort == port || kafkaPort + 1 == port
                || kafkaPort == processorsPort || kafkaPort + 1 == processorsPort))) {
            throw new CliException("--port, --processors-port and --kafka-port (and the next port, its controller's) "
                    + "must all differ", CliException.USAGE);
        }
        if (users < 1) {
            throw new CliException("--users must be at least 1", CliException.USAGE);
        }
        if (!(rate > 0)) {
            throw new CliException("--rate must be more than 0", CliException.USAGE);
        }
        if (historyDays < 0) {
            throw new CliException("--history-days must be 0 or more", CliException.USAGE);
        }
    }
}
