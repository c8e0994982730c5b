package io.liveboard.cli.simulate;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.liveboard.cli.CliException;
import io.liveboard.cli.DurationConverter;
import io.liveboard.cli.KafkaOptions;
import io.liveboard.simulator.Simulator;
import io.liveboard.simulator.SimulatorConfig;
import io.liveboard.simulator.SimulatorException;
import io.liveboard.simulator.SimulatorStats;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code liveboard simulate}: traffic from simulated learning apps, to Kafka or as JSON lines. */
@Command(name = "simulate", mixinStandardHelpOptions = true,
        description = {"Simulate the four learning apps (typing, math, reading, piano): learners in many time zones "
                + "practise in sessions with live progress updates and final results, compete in matches of 2-6 and "
                + "sometimes give up; a few top performers trade places on the leaderboards.",
                "",
                "First, unless --history-days is 0, back-dated practice of the past days builds streaks (some over "
                        + "100 days). It goes to Kafka only while learning-events is still empty, so a restart does "
                        + "not replay it. Then live events (occurred_at = now) at --rate until --duration, "
                        + "--max-events or Ctrl-C, with progress on stderr every 5 s and a summary line at the end.",
                "",
                "Benchmark: --rate 0 --history-days 0 --duration 30s.", ""})
public final class SimulateCommand implements Callable<Integer> {

    /** Where the events go. */
    enum Format { kafka, jsonl }

    private static final Duration PROGRESS_EVERY = Duration.ofSeconds(5);

    @Mixin
    KafkaOptions kafka;

    @Spec
    CommandSpec spec;

    @Option(names = "--users", required = true, paramLabel = "N", description = "How many learners (1 to 1,000,000).")
    int users;

    @Option(names = "--rate", required = true, paramLabel = "EVENTS_PER_S",
            description = "Live events per second (0.01 or more); 0 = as fast as possible.")
    double rate;

    @Option(names = "--duration", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "How long live traffic runs (e.g. 30s, 15m); until Ctrl-C when absent.")
    Duration duration;

    @Option(names = "--max-events", paramLabel = "N", description = "Stop after N live events.")
    Long maxEvents;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "1",
            description = "Decides the learners, their history and the traffic (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--history-days", paramLabel = "D", defaultValue = "" + SimulatorConfig.DEFAULT_HISTORY_DAYS,
            description = "Back-dated days of practice produced first; 0 = none (default: ${DEFAULT-VALUE}).")
    int historyDays;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "kafka",
            description = "kafka (to learning-events) or jsonl (JSON lines on stdout, as 'liveboard produce' "
                    + "reads them; Kafka options are ignored) (default: ${DEFAULT-VALUE}).")
    Format format;

    @Override
    public Integer call() throws InterruptedException {
        SimulatorConfig config = config();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Simulator simulator = format == Format.jsonl ? Simulator.toJsonLines(config, out) : Simulator.toKafka(config);
        try {
            simulator.start();
        } catch (SimulatorException e) {
            throw switch (e.reason()) {
                case KAFKA_UNREACHABLE -> kafka.unreachable();
                case TOPIC_MISSING -> new CliException(e.getMessage() + " (run './liveboard topics' first)");
                default -> new CliException(e.getMessage());
            };
        }
        CountDownLatch reported = new CountDownLatch(1);
        // Ctrl-C: stop the traffic, deliver what was generated, and let the summary be printed before exit.
        Thread stopper = new Thread(() -> {
            simulator.close();
            try {
                reported.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "simulate-stop");
        Runtime.getRuntime().addShutdownHook(stopper);
        try {
            SimulatorStats last = simulator.stats();
            while (!simulator.awaitTermination(PROGRESS_EVERY)) {
                SimulatorStats now = simulator.stats();
                err.println(progress(last, now));
                err.flush();
                last = now;
            }
            simulator.close();
            SimulatorStats stats = simulator.stats();
            SimulatorException failure = simulator.failure().orElse(null);
            if (failure != null && failure.reason() != SimulatorException.Reason.OUTPUT_CLOSED) {
                throw new CliException(failure.getMessage() + " (after " + count(stats.delivered()) + " events were "
                        + "delivered)");
            }
            PrintWriter report = format == Format.jsonl ? err : out;
            report.println(summary(stats, format == Format.jsonl ? "JSON lines"
                    : kafka.catalog().name(io.liveboard.catalog.Topic.LEARNING_EVENTS) + " at " + kafka.bootstrap()));
            report.flush();
            return 0;
        } finally {
            reported.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(stopper);
            } catch (IllegalStateException shuttingDown) {
                // Ctrl-C: the hook is running and waits for the summary above.
            }
            simulator.close();
        }
    }

    private SimulatorConfig config() {
        if (users < 1 || users > SimulatorConfig.MAX_USERS) {
            throw usage("--users must be between 1 and " + count(SimulatorConfig.MAX_USERS) + ", not " + users);
        }
        if (!Double.isFinite(rate) || (rate != 0 && rate < SimulatorConfig.MIN_RATE)) {
            throw usage("--rate must be 0 (as fast as possible) or " + SimulatorConfig.MIN_RATE
                    + " events per second or more, not " + rate);
        }
        if (duration != null && (duration.isZero() || duration.isNegative())) {
            throw usage("--duration must be positive");
        }
        if (maxEvents != null && maxEvents < 1) {
            throw usage("--max-events must be at least 1");
        }
        if (historyDays < 0 || historyDays > SimulatorConfig.MAX_HISTORY_DAYS) {
            throw usage("--history-days must be between 0 and " + SimulatorConfig.MAX_HISTORY_DAYS + ", not " + historyDays);
        }
        try {
            return SimulatorConfig.defaults()
                    .withUsers(users)
                    .withRate(rate)
                    .withSeed(seed)
                    .withHistoryDays(historyDays)
                    .withDuration(duration)
                    .withMaxEvents(maxEvents == null ? 0 : maxEvents)
                    .withBootstrap(kafka.bootstrap())
                    .withPrefix(kafka.catalog().prefix())
                    .withTimeout(kafka.timeout());
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage());
        }
    }

    private static CliException usage(String message) {
        return new CliException(message, CliException.USAGE);
    }

    static String progress(SimulatorStats before, SimulatorStats now) {
        if (now.phase() == Simulator.Phase.NEW) {
            return "simulate: starting";
        }
        if (now.phase() == Simulator.Phase.HISTORY) {
            return "simulate: back-dated history, " + count(now.historyEvents()) + " events so far";
        }
        double seconds = (now.liveElapsed().toNanos() - before.liveElapsed().toNanos()) / 1e9;
        double recent = seconds > 0 ? (now.liveEvents() - before.liveEvents()) / seconds : 0;
        return String.format(Locale.ROOT, "simulate: %s live, %s events, %s events/s now, %s sessions running, %s matches",
                human(now.liveElapsed()), count(now.liveEvents()), count(Math.round(recent)),
                count(now.activeSessions()), count(now.matches()));
    }

    static String summary(SimulatorStats stats, String destination) {
        String history = stats.historySkipped() != null ? " (no back-dated history: " + stats.historySkipped() + ")"
                : stats.historyEvents() > 0 ? " (" + count(stats.historyEvents()) + " back-dated, "
                        + count(stats.liveEvents()) + " live)" : "";
        return String.format(Locale.ROOT, "Simulated %s events%s in %s of live traffic: %s live events/s; "
                        + "%s sessions (%s completed, %s abandoned), %s matches -> %s.",
                count(stats.events()), history, human(stats.liveElapsed()), count(Math.round(stats.liveRate())),
                count(stats.sessionsStarted()), count(stats.sessionsCompleted()), count(stats.sessionsAbandoned()),
                count(stats.matches()), destination);
    }

    private static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    private static String human(Duration d) {
        return String.format(Locale.ROOT, "%.1fs", d.toMillis() / 1000.0);
    }
}
