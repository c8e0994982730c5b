package io.liveboard.cli.apps;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

import io.liveboard.catalog.ProcessorPropertyNames;
import io.liveboard.catalog.PropertyNames;
import io.liveboard.cli.KafkaOptions;
import io.liveboard.processors.ProcessorsApplication;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code liveboard processors}: the stream processors against any Kafka. */
@Command(name = "processors", mixinStandardHelpOptions = true,
        description = {"Run the stream processors (Kafka Streams) against a Kafka cluster, in the foreground.",
                "Instances with the same --prefix share the work; start more to scale (up to the partitions).",
                "Health and Prometheus metrics: http://HOST:PORT/actuator/health and /actuator/prometheus.",
                "Further Spring settings can follow as --name=value (see stream-processors/README.md)."})
public final class ProcessorsCommand implements Callable<Integer> {

    @Mixin
    KafkaOptions kafka;

    @Mixin
    AppOptions app;

    @Spec
    CommandSpec spec;

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "${env:LIVEBOARD_PROCESSORS_PORT:-8081}",
            description = "HTTP port of health and metrics (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--state-dir", paramLabel = "DIR",
            description = "Kafka Streams state directory (default: .liveboard/processors-state).")
    Path stateDir;

    @Override
    public Integer call() {
        Map<String, String> settings = settings(kafka.bootstrap(), kafka.catalog().prefix(), port,
                stateDir != null ? stateDir : io.liveboard.cli.LiveboardHome.stateDir().resolve("processors-state"),
                app.profile());
        ConfigurableApplicationContext context = SpringApps.start(ProcessorsApplication.class, "stream processors",
                settings, app.springArgs(), true);
        spec.commandLine().getErr().printf("Stream processors running against %s (health http://127.0.0.1:%d"
                + "/actuator/health). Ctrl-C stops them.%n", kafka.bootstrap(), port);
        spec.commandLine().getErr().flush();
        Blocking.untilClosed(context);
        return 0;
    }

    public static Map<String, String> settings(String bootstrap, String prefix, int port, Path stateDir, String profile) {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put(PropertyNames.BOOTSTRAP_SERVERS, bootstrap);
        settings.put(PropertyNames.TOPICS_PREFIX, prefix);
        settings.put(ProcessorPropertyNames.SERVER_PORT, Integer.toString(port));
        settings.put(ProcessorPropertyNames.STATE_DIR, stateDir.toAbsolutePath().toString());
        settings.put("spring.profiles.active", profile);
        return settings;
    }
}
