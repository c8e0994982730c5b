package io.liveboard.infra;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.liveboard.schema.AvroTrust;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/**
 * Starts one app in this JVM the way its container would: the container's environment from the manifests
 * becomes the app's OS environment (with the two variables by which Spring Boot knows it runs on Kubernetes),
 * and the container's args name the main class. Test-only settings (random loopback ports, a temp state dir)
 * go in as command-line arguments.
 */
final class PodLikeApp {

    private PodLikeApp() {
    }

    static ConfigurableApplicationContext start(Class<?> main, Map<String, String> podEnv, List<String> testArgs) {
        AvroTrust.install();
        Map<String, Object> env = new LinkedHashMap<>(podEnv);
        env.put("KUBERNETES_SERVICE_HOST", "127.0.0.1");
        env.put("KUBERNETES_SERVICE_PORT", "443");
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().replace(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, env));
        List<String> args = new ArrayList<>(testArgs);
        args.add("--spring.main.banner-mode=off");
        return new SpringApplicationBuilder(main).environment(environment).run(args.toArray(String[]::new));
    }
}
