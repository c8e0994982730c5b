package io.liveboard.cli.apps;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

import io.liveboard.catalog.PropertyNames;
import io.liveboard.cli.KafkaOptions;
import io.liveboard.fanout.FanoutApplication;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code liveboard fanout}: one WebSocket fan-out node against any Kafka. */
@Command(name = "fanout", mixinStandardHelpOptions = true,
        description = {"Run a WebSocket fan-out node (and the dashboard) against a Kafka cluster, in the foreground.",
                "Nodes are stateless: run as many as you like, on any ports or machines, behind any load balancer.",
                "The token secret comes from $" + PropertyNames.AUTH_TOKEN_SECRET_ENV + " (required with --profile "
                        + "production).",
                "Further Spring settings can follow as --name=value, e.g. --liveboard.fanout.limits.max-connections=5000",
                "(see ws-fanout/src/main/resources/application.yml)."})
public final class FanoutCommand implements Callable<Integer> {

    @Mixin
    KafkaOptions kafka;

    @Mixin
    AppOptions app;

    @Spec
    CommandSpec spec;

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "${env:LIVEBOARD_FANOUT_PORT:-8080}",
            description = "Public port: dashboard, REST and /api/ws (default: ${DEFAULT-VALUE}).")
    int port;

    @Override
    public Integer call() {
        ConfigurableApplicationContext context = SpringApps.start(FanoutApplication.class, "fan-out",
                settings(kafka.bootstrap(), kafka.catalog().prefix(), port, app.profile()), app.springArgs(), true);
        spec.commandLine().getErr().printf("Fan-out node running against %s: dashboard http://localhost:%d/, "
                + "WebSocket ws://localhost:%d/api/ws. Ctrl-C stops it.%n", kafka.bootstrap(), port, port);
        spec.commandLine().getErr().flush();
        Blocking.untilClosed(context);
        return 0;
    }

    public static Map<String, String> settings(String bootstrap, String prefix, int port, String profile) {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put(PropertyNames.BOOTSTRAP_SERVERS, bootstrap);
        settings.put(PropertyNames.TOPICS_PREFIX, prefix);
        settings.put("server.port", Integer.toString(port));
        settings.put("spring.profiles.active", profile);
        return settings;
    }
}
