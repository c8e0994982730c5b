package io.liveboard.fanout.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;

import io.liveboard.catalog.PropertyNames;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/** The secret comes from $LIVEBOARD_TOKEN_SECRET, the name the CLI, the docs and the Kubernetes manifests use. */
class TokenSecretFromEnvironmentTest {

    @Test
    void theDocumentedEnvironmentVariableIsRead() {
        String secret = "a-secret-from-the-environment-0123456789-abcdef";
        new ApplicationContextRunner()
                .withInitializer(ctx -> {
                    ctx.getEnvironment().setActiveProfiles("production");
                    ctx.getEnvironment().getPropertySources().replace(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                            new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                                    Map.of(PropertyNames.AUTH_TOKEN_SECRET_ENV, secret)));
                })
                .withUserConfiguration(AuthConfiguration.class)
                .run(ctx -> {
                    assertThat(ctx).hasNotFailed();
                    String token = new TokenService(secret).issue(5, "eve", Duration.ofMinutes(1));
                    assertThat(ctx.getBean(TokenService.class).verify(token).userId()).isEqualTo(5L);
                });
    }
}
