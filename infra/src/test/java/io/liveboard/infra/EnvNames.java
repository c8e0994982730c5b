package io.liveboard.infra;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.liveboard.catalog.ProcessorPropertyNames;
import io.liveboard.catalog.PropertyNames;
import io.liveboard.fanout.FanoutProperties;
import io.liveboard.processors.ProcessorsProperties;
import io.liveboard.processors.TopicsProperties;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.IterableConfigurationPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.util.StreamUtils;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Whether an environment variable is one an app reads: a variable the apps read by name
 * ({@code io.liveboard.catalog.PropertyNames.*_ENV}), the JVM's {@code JAVA_TOOL_OPTIONS}, or a variable that
 * Spring Boot's relaxed binding maps (by its own rules) to a property the app has: one of the catalog's property
 * names, a component of the apps' {@code @ConfigurationProperties} records, a property the app's YAML file
 * documents, or a property in Spring Boot's configuration metadata (Actuator, Kafka, web server...).
 * A misspelt variable (say {@code MANAGEMENT_SERVER_PROT}) maps to no such property and is reported.
 */
final class EnvNames {

    private static final Set<String> DIRECT = directNames();
    private static final Set<String> JVM = Set.of("JAVA_TOOL_OPTIONS");
    private static final Metadata BOOT = Metadata.load();

    private EnvNames() {
    }

    /** Null when the app reads the variable, else why not. */
    static String unknown(String variable, AppConfig.App app) {
        if (DIRECT.contains(variable) || JVM.contains(variable)) {
            return null;
        }
        ConfigurationPropertyName property = mapped(variable);
        if (property == null) {
            return "Spring maps it to no property name";
        }
        if (appProperties(app).stream().anyMatch(p -> p.equals(property) || p.isAncestorOf(property))
                || BOOT.knows(property)) {
            return null;
        }
        return "maps to " + property + ", which " + app + " does not have";
    }

    /** The property name Spring Boot's relaxed binding gives an environment variable (its own mapper). */
    static ConfigurationPropertyName mapped(String variable) {
        SystemEnvironmentPropertySource env = new SystemEnvironmentPropertySource(
                StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, Map.of(variable, "x"));
        for (ConfigurationPropertySource source : ConfigurationPropertySources.from(env)) {
            if (source instanceof IterableConfigurationPropertySource iterable) {
                return iterable.stream().findFirst().orElse(null);
            }
        }
        return null;
    }

    private static Set<String> directNames() {
        Set<String> names = new TreeSet<>();
        for (Field f : PropertyNames.class.getFields()) {
            if (Modifier.isStatic(f.getModifiers()) && f.getName().endsWith("_ENV")) {
                try {
                    names.add((String) f.get(null));
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        return names;
    }

    static List<ConfigurationPropertyName> appProperties(AppConfig.App app) {
        List<ConfigurationPropertyName> names = new ArrayList<>();
        List<Class<?>> catalogs = app == AppConfig.App.PROCESSORS
                ? List.of(PropertyNames.class, ProcessorPropertyNames.class) : List.of(PropertyNames.class);
        for (Class<?> catalog : catalogs) {
            for (Field f : catalog.getFields()) {
                if (f.getType() == String.class && !f.getName().endsWith("_ENV")) {
                    try {
                        String value = (String) f.get(null);
                        if (ConfigurationPropertyName.isValid(value) && value.contains(".") && !value.matches("[\\d.:]+")) {
                            names.add(ConfigurationPropertyName.of(value));
                        }
                    } catch (IllegalAccessException e) {
                        throw new IllegalStateException(e);
                    }
                }
            }
        }
        if (app == AppConfig.App.FANOUT) {
            components("liveboard.fanout", FanoutProperties.class, names);
        } else {
            components("liveboard.processors", ProcessorsProperties.class, names);
            components("liveboard.topics", TopicsProperties.class, names);
        }
        names.addAll(documentedInYaml(app));
        return names;
    }

    private static void components(String prefix, Class<?> record, List<ConfigurationPropertyName> names) {
        for (RecordComponent c : record.getRecordComponents()) {
            String name = prefix + "." + c.getName().replaceAll("([A-Z])", "-$1").toLowerCase();
            if (c.getType().isRecord()) {
                components(name, c.getType(), names);
            } else {
                names.add(ConfigurationPropertyName.of(name));
            }
        }
    }

    /** Properties the app's YAML file lists in its comments ({@code #   liveboard.fanout.io-threads ...}). */
    private static List<ConfigurationPropertyName> documentedInYaml(AppConfig.App app) {
        List<ConfigurationPropertyName> names = new ArrayList<>();
        try (InputStream in = app.main.getClassLoader().getResourceAsStream(app.configFile)) {
            String text = StreamUtils.copyToString(in, StandardCharsets.UTF_8);
            Matcher m = Pattern.compile("(?m)^#\\s+(liveboard\\.[a-z0-9.-]+[a-z0-9])").matcher(text);
            while (m.find()) {
                names.add(ConfigurationPropertyName.of(m.group(1)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return names;
    }

    /** Spring Boot's configuration metadata of every jar on the classpath (the apps' dependencies). */
    private record Metadata(Set<ConfigurationPropertyName> properties, Set<ConfigurationPropertyName> maps) {

        static Metadata load() {
            Set<ConfigurationPropertyName> properties = new java.util.HashSet<>();
            Set<ConfigurationPropertyName> maps = new java.util.HashSet<>();
            JsonMapper json = JsonMapper.builder().build();
            try {
                for (String file : List.of("META-INF/spring-configuration-metadata.json",
                        "META-INF/additional-spring-configuration-metadata.json")) {
                    Enumeration<URL> urls = EnvNames.class.getClassLoader().getResources(file);
                    while (urls.hasMoreElements()) {
                        try (InputStream in = urls.nextElement().openStream()) {
                            JsonNode root = json.readTree(in);
                            for (JsonNode p : root.path("properties")) {
                                String name = p.path("name").asString();
                                if (!ConfigurationPropertyName.isValid(name)) {
                                    continue;
                                }
                                properties.add(ConfigurationPropertyName.of(name));
                                if (p.path("type").asString().startsWith("java.util.Map<")) {
                                    maps.add(ConfigurationPropertyName.of(name));
                                }
                            }
                        }
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return new Metadata(properties, maps);
        }

        boolean knows(ConfigurationPropertyName name) {
            return properties.contains(name) || maps.stream().anyMatch(m -> m.isAncestorOf(name));
        }
    }
}
