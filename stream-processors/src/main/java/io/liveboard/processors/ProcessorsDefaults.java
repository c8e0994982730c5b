package io.liveboard.processors;

import java.util.HashMap;
import java.util.Map;

import io.liveboard.catalog.ProcessorPropertyNames;
import io.liveboard.catalog.PropertyNames;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.config.ConfigDataEnvironmentPostProcessor;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.PropertySource;
import org.springframework.boot.env.DefaultPropertiesPropertySource;

/**
 * Defaults of the processors app with the lowest precedence of all, below the launcher's
 * {@code SpringApplicationBuilder.properties(...)}, so whoever starts the app can override every one:
 * <ul>
 *   <li>{@code spring.config.name=liveboard-processors}: the app reads {@code liveboard-processors.yml}.
 *   When the launcher runs the processors and the fan-out in one JVM, both jars share one classpath and
 *   {@code classpath:application.yml} would resolve to whichever jar comes first, silently giving one
 *   app the other's settings.</li>
 *   <li>{@code server.port=8081}, the Kafka bootstrap from {@code KAFKA_BOOTSTRAP_SERVERS} and the topic
 *   prefix from {@code LIVEBOARD_TOPICS_PREFIX}. They cannot live in the yml: a config file outranks
 *   the launcher's default properties.</li>
 * </ul>
 * Applies only to applications started from {@link ProcessorsApplication}.
 */
public class ProcessorsDefaults implements EnvironmentPostProcessor, Ordered {

    static final String CONFIG_NAME = "liveboard-processors";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        if (!application.getAllSources().contains(ProcessorsApplication.class)) {
            return;
        }
        Map<String, Object> defaults = new HashMap<>();
        defaults.put("spring.config.name", CONFIG_NAME);
        defaults.put("spring.application.name", CONFIG_NAME);
        defaults.put(ProcessorPropertyNames.SERVER_PORT, ProcessorPropertyNames.DEFAULT_SERVER_PORT);
        defaults.put(PropertyNames.BOOTSTRAP_SERVERS,
                "${" + PropertyNames.BOOTSTRAP_SERVERS_ENV + ":" + PropertyNames.DEFAULT_BOOTSTRAP + "}");
        defaults.put(PropertyNames.TOPICS_PREFIX, "${" + PropertyNames.TOPICS_PREFIX_ENV + ":}");
        // Into Boot's own "defaultProperties" (which Boot keeps last), the launcher's values winning.
        MutablePropertySources sources = environment.getPropertySources();
        PropertySource<?> existing = sources.get(DefaultPropertiesPropertySource.NAME);
        if (existing instanceof MapPropertySource given) {
            defaults.putAll(given.getSource());
            sources.replace(DefaultPropertiesPropertySource.NAME, new DefaultPropertiesPropertySource(defaults));
        } else {
            sources.addLast(new DefaultPropertiesPropertySource(defaults));
        }
    }

    @Override
    public int getOrder() {
        return ConfigDataEnvironmentPostProcessor.ORDER - 1;
    }
}
