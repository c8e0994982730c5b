package io.liveboard.cli;

import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;

import io.liveboard.catalog.TopicCatalog;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** The options of every command that talks to Kafka, and the clients they configure. */
public final class KafkaOptions {

    private static final Pattern BOOTSTRAP =
            Pattern.compile("[A-Za-z0-9.\\-\\[\\]:]+:\\d{1,5}(,[A-Za-z0-9.\\-\\[\\]:]+:\\d{1,5})*");

    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    private String bootstrap;

    @Option(names = "--prefix", paramLabel = "PREFIX", defaultValue = "${env:LIVEBOARD_TOPICS_PREFIX:-}",
            description = "Topic name prefix (default: $LIVEBOARD_TOPICS_PREFIX or none).")
    String prefix;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "15s", converter = DurationConverter.class,
            description = "How long to wait for Kafka before giving up (default: ${DEFAULT-VALUE}).")
    Duration timeout;

    @Option(names = "--bootstrap", paramLabel = "HOST:PORT",
            defaultValue = "${env:KAFKA_BOOTSTRAP_SERVERS:-127.0.0.1:9092}",
            description = "Kafka bootstrap servers (default: $KAFKA_BOOTSTRAP_SERVERS or 127.0.0.1:9092).")
    void setBootstrap(String value) {
        if (!BOOTSTRAP.matcher(value).matches()) {
            throw new ParameterException(spec.commandLine(),
                    "--bootstrap must be HOST:PORT[,HOST:PORT...], not '" + value + "'");
        }
        this.bootstrap = value;
    }

    public String bootstrap() {
        return bootstrap;
    }

    public Duration timeout() {
        return timeout;
    }

    public TopicCatalog catalog() {
        try {
            return new TopicCatalog(prefix);
        } catch (IllegalArgumentException e) {
            throw new CliException(e.getMessage(), CliException.USAGE);
        }
    }

    /** Client settings shared by admin, producer and consumer. */
    public Properties clientProperties() {
        Properties props = new Properties();
        props.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(CommonClientConfigs.CLIENT_ID_CONFIG, "liveboard-cli");
        int ms = (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
        props.put(CommonClientConfigs.DEFAULT_API_TIMEOUT_MS_CONFIG, Integer.toString(ms));
        props.put(CommonClientConfigs.REQUEST_TIMEOUT_MS_CONFIG, Integer.toString(Math.max(1000, ms / 2)));
        return props;
    }

    /** An admin client to a Kafka that answered; a clear error when none does within the timeout. */
    public Admin connectedAdmin() {
        Admin admin = Admin.create(clientProperties());
        try {
            admin.describeCluster().clusterId().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return admin;
        } catch (TimeoutException | ExecutionException e) {
            admin.close(Duration.ZERO);
            throw unreachable();
        } catch (InterruptedException e) {
            admin.close(Duration.ZERO);
            Thread.currentThread().interrupt();
            throw new CliException("interrupted");
        }
    }

    public CliException unreachable() {
        return new CliException("cannot reach Kafka at " + bootstrap + " within " + human(timeout)
                + " (is it running? './liveboard kafka start' starts a local broker)");
    }

    public static String human(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + "s" : d.toMillis() + "ms";
    }

}
