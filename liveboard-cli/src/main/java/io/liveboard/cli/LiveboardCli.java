package io.liveboard.cli;

import java.io.PrintWriter;

import io.liveboard.cli.broker.KafkaCommand;
import io.liveboard.cli.produce.ProduceCommand;
import io.liveboard.cli.replay.ReplayCommand;
import io.liveboard.cli.simulate.SimulateCommand;
import io.liveboard.cli.token.TokenCommand;
import io.liveboard.cli.topics.TopicsCommand;
import io.liveboard.schema.AvroTrust;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** The one entry point behind {@code ./liveboard}. */
@Command(name = "liveboard",
        mixinStandardHelpOptions = true,
        versionProvider = Version.class,
        description = {"liveboard keeps learning dashboards live: Kafka in, WebSockets out.", ""},
        commandListHeading = "%nCommands:%n",
        footer = {"", "Every command that talks to Kafka takes --bootstrap HOST:PORT (default: $KAFKA_BOOTSTRAP_SERVERS or "
                + "127.0.0.1:9092).", "Run 'liveboard help COMMAND' or 'liveboard COMMAND --help' for details."},
        subcommands = {
                CommandLine.HelpCommand.class,
                io.liveboard.cli.run.RunCommand.class,
                io.liveboard.cli.apps.ProcessorsCommand.class,
                io.liveboard.cli.apps.FanoutCommand.class,
                KafkaCommand.class,
                TopicsCommand.class,
                ProduceCommand.class,
                ReplayCommand.class,
                TokenCommand.class,
                SimulateCommand.class,
        })
public final class LiveboardCli implements Runnable {

    @Spec
    CommandSpec spec;

    public static void main(String[] args) {
        AvroTrust.install();
        System.exit(execute(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs a command line and returns its exit code; what it prints goes to {@code out} and {@code err}. */
    public static int execute(String[] args, PrintWriter out, PrintWriter err) {
        AvroTrust.install();
        return newCommandLine(out, err).execute(args);
    }

    static CommandLine newCommandLine(PrintWriter out, PrintWriter err) {
        CommandLine cli = new CommandLine(new LiveboardCli());
        cli.setOut(out);
        cli.setErr(err);
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        cli.setParameterExceptionHandler(new CliErrors.UsageErrors());
        cli.setExecutionExceptionHandler(new CliErrors.RuntimeErrors());
        return cli;
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
