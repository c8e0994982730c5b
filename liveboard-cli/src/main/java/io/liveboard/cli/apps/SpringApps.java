package io.liveboard.cli.apps;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.liveboard.cli.CliException;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.PortInUseException;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Starts the Spring Boot apps in this JVM. Settings go in as command-line arguments ({@code --name=value}),
 * which outrank every config file, so what the CLI was told always wins.
 */
public final class SpringApps {

    private SpringApps() {
    }

    /**
     * @param settings   property name to value, passed as {@code --name=value}
     * @param extraArgs  further Spring arguments the user gave (e.g. {@code --liveboard.fanout.heartbeat=10s})
     * @param ownHook    whether Spring closes the app on SIGTERM itself (false when a launcher closes apps in order)
     */
    public static ConfigurableApplicationContext start(Class<?> app, String what, Map<String, String> settings,
                                                       List<String> extraArgs, boolean ownHook) {
        List<String> args = new ArrayList<>();
        args.add("--spring.main.banner-mode=off");
        settings.forEach((name, value) -> args.add("--" + name + "=" + value));
        args.addAll(extraArgs);
        try {
            return new SpringApplicationBuilder(app)
                    .registerShutdownHook(ownHook)
                    .run(args.toArray(String[]::new));
        } catch (RuntimeException e) {
            throw new CliException("the " + what + " did not start: " + reason(e));
        }
    }

    static String reason(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof PortInUseException port) {
                return "port " + port.getPort() + " is already in use (choose another with --port)";
            }
        }
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        return message.lines().findFirst().orElse(message);
    }
}
