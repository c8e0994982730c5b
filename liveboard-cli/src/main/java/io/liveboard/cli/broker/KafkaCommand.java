package io.liveboard.cli.broker;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;

import io.liveboard.cli.CliException;
import io.liveboard.cli.LiveboardHome;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code liveboard kafka start|stop|status}: a local standalone KRaft broker. */
@Command(name = "kafka",
        mixinStandardHelpOptions = true,
        description = "Start, stop or inspect a standalone single-node Kafka broker (KRaft) on 127.0.0.1.",
        subcommands = {KafkaCommand.Start.class, KafkaCommand.Stop.class, KafkaCommand.Status.class})
public final class KafkaCommand implements Runnable {

    /** Exit code of {@code status} when no broker runs (as LSB init scripts do). */
    static final int NOT_RUNNING = 3;

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "missing subcommand: start, stop or status");
    }

    /** Options every subcommand shares. */
    static class BrokerOptions {
        @Spec(Spec.Target.MIXEE)
        CommandSpec spec;

        int port = 9092;

        @Option(names = "--port", paramLabel = "PORT", defaultValue = "9092",
                description = "Client port on 127.0.0.1 (default: ${DEFAULT-VALUE}).")
        void setPort(int value) {
            this.port = checkPort(spec, "--port", value);
        }

        Integer controllerPort;

        @Option(names = "--controller-port", paramLabel = "PORT",
                description = "KRaft controller port (default: client port + 1).")
        void setControllerPort(int value) {
            this.controllerPort = checkPort(spec, "--controller-port", value);
        }

        @Option(names = "--data", paramLabel = "DIR",
                description = "Data directory (default: .liveboard/kafka-PORT in the liveboard directory).")
        Path data;

        LocalBroker broker() {
            int cport = controllerPort != null ? controllerPort : port + 1;
            if (cport == port) {
                throw new CliException("--controller-port must differ from --port", CliException.USAGE);
            }
            if (cport > 65535) {
                throw new CliException("--controller-port is needed when --port is 65535", CliException.USAGE);
            }
            Path dir = data != null ? data : LiveboardHome.stateDir().resolve("kafka-" + port);
            return new LocalBroker(dir, port, cport);
        }

        /** For stop and status: a broker started earlier serves where its data directory says, whatever --port is. */
        LocalBroker existingBroker() {
            LocalBroker asked = broker();
            return asked.configuredPort().filter(p -> p != port)
                    .map(p -> new LocalBroker(asked.dataDir(), p, p + 1)).orElse(asked);
        }

        private static int checkPort(CommandSpec spec, String option, int value) {
            if (value < 1 || value > 65535) {
                throw new ParameterException(spec.commandLine(), option + " must be between 1 and 65535, not " + value);
            }
            return value;
        }
    }

    @Command(name = "start", mixinStandardHelpOptions = true,
            description = "Start the broker (formatting its storage on first start) and wait until it serves.")
    static final class Start implements Callable<Integer> {
        @picocli.CommandLine.Mixin
        BrokerOptions options;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            LocalBroker broker = options.broker();
            Optional<ProcessHandle> running = broker.running();
            if (running.isPresent()) {
                spec.commandLine().getOut().printf("Kafka is already running (pid %d) at %s, data in %s%n",
                        running.get().pid(), options.existingBroker().bootstrap(), broker.dataDir());
                return 0;
            }
            spec.commandLine().getErr().printf("Starting Kafka at %s (data in %s)...%n", broker.bootstrap(), broker.dataDir());
            spec.commandLine().getErr().flush();
            long started = System.nanoTime();
            ProcessHandle process = broker.start();
            spec.commandLine().getOut().printf("Kafka is running (pid %d) at %s; ready in %.1fs. Log: %s%n",
                    process.pid(), broker.bootstrap(), (System.nanoTime() - started) / 1e9, broker.logFile());
            return 0;
        }
    }

    @Command(name = "stop", mixinStandardHelpOptions = true, description = "Stop the broker gracefully.")
    static final class Stop implements Callable<Integer> {
        @picocli.CommandLine.Mixin
        BrokerOptions options;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            LocalBroker broker = options.existingBroker();
            if (broker.stop()) {
                spec.commandLine().getOut().printf("Kafka at %s stopped.%n", broker.bootstrap());
            } else {
                spec.commandLine().getOut().printf("Kafka at %s is not running.%n", broker.bootstrap());
            }
            return 0;
        }
    }

    @Command(name = "status", mixinStandardHelpOptions = true,
            description = "Say whether the broker runs and serves; exit 0 if it does, 1 if it runs but does not "
                    + "answer, 3 if it is not running.")
    static final class Status implements Callable<Integer> {
        @picocli.CommandLine.Mixin
        BrokerOptions options;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            LocalBroker broker = options.existingBroker();
            Optional<ProcessHandle> running = broker.running();
            if (running.isEmpty()) {
                spec.commandLine().getOut().printf("Kafka at %s is not running (data dir %s).%n", broker.bootstrap(),
                        broker.dataDir());
                return NOT_RUNNING;
            }
            Optional<String> clusterId = broker.clusterId(Duration.ofSeconds(5));
            if (clusterId.isEmpty()) {
                spec.commandLine().getOut().printf("Kafka process %d runs but %s does not answer (starting, or "
                        + "stuck; see %s).%n", running.get().pid(), broker.bootstrap(), broker.logFile());
                return 1;
            }
            spec.commandLine().getOut().printf("Kafka is running (pid %d) at %s: cluster %s, %d topics, data in %s%n",
                    running.get().pid(), broker.bootstrap(), clusterId.get(), broker.topicCount(Duration.ofSeconds(5)),
                    broker.dataDir());
            return 0;
        }
    }
}
