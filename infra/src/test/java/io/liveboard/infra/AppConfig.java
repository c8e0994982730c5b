package io.liveboard.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.liveboard.fanout.FanoutApplication;
import io.liveboard.fanout.FanoutProperties;
import io.liveboard.processors.ProcessorsApplication;
import io.liveboard.processors.ProcessorsDefaults;
import io.liveboard.processors.ProcessorsProperties;
import io.liveboard.processors.TopicsProperties;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.core.io.ClassPathResource;

/**
 * The configuration one app would run with in a pod, worked out by Spring's own machinery from the real sources:
 * the container's environment (as the OS environment), the app's own YAML file from its jar (the default
 * document and those of the active profiles) and, for the processors, the app's {@link ProcessorsDefaults}.
 * Typed settings come from binding the apps' own {@code @ConfigurationProperties} records, so their
 * {@code @DefaultValue}s apply.
 */
final class AppConfig {

    enum App {
        FANOUT(FanoutApplication.class, "application.yml"),
        PROCESSORS(ProcessorsApplication.class, "liveboard-processors.yml");

        final Class<?> main;
        final String configFile;

        App(Class<?> main, String configFile) {
            this.main = main;
            this.configFile = configFile;
        }
    }

    /** Boot's default web server port (AbstractConfigurableWebServerFactory), used when nothing sets server.port. */
    static final int BOOT_DEFAULT_PORT = new org.springframework.boot.reactor.netty.NettyReactiveWebServerFactory().getPort();

    final App app;
    final StandardEnvironment env;
    final Binder binder;

    private AppConfig(App app, StandardEnvironment env) {
        this.app = app;
        this.env = env;
        this.binder = Binder.get(env);
    }

    /** @param podEnv the container's environment variables (see {@link Manifests#environment}) */
    static AppConfig of(App app, Map<String, String> podEnv) {
        StandardEnvironment env = new StandardEnvironment();
        var sources = env.getPropertySources();
        // Only what the pod has: not this JVM's environment or system properties.
        sources.remove(StandardEnvironment.SYSTEM_PROPERTIES_PROPERTY_SOURCE_NAME);
        sources.replace(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                        new LinkedHashMap<>(podEnv)));
        String[] profiles = env.getProperty("spring.profiles.active", "").isBlank() ? new String[0]
                : env.getProperty("spring.profiles.active").split("\\s*,\\s*");
        // Later documents override earlier ones; a profile document applies when its profile is active.
        List<PropertySource<?>> docs = new ArrayList<>(yamlDocuments(app));
        java.util.Collections.reverse(docs);
        for (PropertySource<?> doc : docs) {
            Object on = doc.getProperty("spring.config.activate.on-profile");
            if (on == null || Arrays.asList(profiles).contains(on.toString())) {
                sources.addLast(doc);
            }
        }
        if (app == App.PROCESSORS) {
            new ProcessorsDefaults().postProcessEnvironment(env, new SpringApplication(ProcessorsApplication.class));
        }
        ConfigurationPropertySources.attach(env);
        return new AppConfig(app, env);
    }

    static List<PropertySource<?>> yamlDocuments(App app) {
        ClassPathResource file = new ClassPathResource(app.configFile, app.main.getClassLoader());
        try {
            // The app's own file: the first one on the classpath must come from the app's jar.
            String where = file.getURL().toString();
            String jar = app.main.getProtectionDomain().getCodeSource().getLocation().toString();
            if (!where.startsWith("jar:" + jar) && !where.startsWith(jar)) {
                throw new IllegalStateException(app.configFile + " resolves to " + where + ", not to " + jar);
            }
            return new YamlPropertySourceLoader().load(app.configFile, file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String property(String name) {
        return env.getProperty(name);
    }

    int serverPort() {
        return binder.bind("server.port", Integer.class).orElse(BOOT_DEFAULT_PORT);
    }

    /** Actuator's port: management.server.port, else the server's. */
    int managementPort() {
        return binder.bind("management.server.port", Integer.class).orElse(serverPort());
    }

    String actuatorBasePath() {
        return binder.bind("management.endpoints.web.base-path", String.class).orElse("/actuator");
    }

    boolean additionalProbePaths() {
        return binder.bind("management.endpoint.health.probes.add-additional-paths", Boolean.class).orElse(false);
    }

    /** Members of a health group ({@code liveness}, {@code readiness}); Boot's default on Kubernetes is the state alone. */
    List<String> healthGroup(String group) {
        String defaultMember = group + "State";
        return binder.bind("management.endpoint.health.group." + group + ".include", String[].class)
                .map(Arrays::asList).orElse(List.of(defaultMember));
    }

    boolean exposes(String endpoint) {
        return binder.bind("management.endpoints.web.exposure.include", String[].class).map(Arrays::asList)
                .orElse(List.of("health")).stream().map(String::trim).anyMatch(e -> e.equals(endpoint) || e.equals("*"));
    }

    FanoutProperties fanout() {
        return binder.bindOrCreate("liveboard.fanout", FanoutProperties.class);
    }

    ProcessorsProperties processors() {
        return binder.bindOrCreate("liveboard.processors", ProcessorsProperties.class);
    }

    TopicsProperties topics() {
        return binder.bindOrCreate("liveboard.topics", TopicsProperties.class);
    }

    /** Spring's graceful shutdown waits at most this long per lifecycle phase (Boot's default 30 s). */
    java.time.Duration shutdownPhaseTimeout() {
        return binder.bind("spring.lifecycle.timeout-per-shutdown-phase", java.time.Duration.class)
                .orElse(java.time.Duration.ofSeconds(30));
    }
}
