package io.liveboard.fanout.auth;

import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AuthConfigurationTest {

    static MockEnvironment env(String... profiles) {
        MockEnvironment env = new MockEnvironment();
        env.setActiveProfiles(profiles);
        return env;
    }

    @Test
    void outsideTheDevProfileAStrongSecretIsRequired() {
        AuthConfiguration config = new AuthConfiguration();
        for (String profile : new String[] {"production", "default"}) {
            assertThatThrownBy(() -> config.tokenService("", env(profile))).hasMessageContaining("no token secret");
            assertThatThrownBy(() -> config.tokenService("too-short", env(profile))).hasMessageContaining("shorter");
            assertThatThrownBy(() -> config.tokenService(TokenService.DEV_SECRET, env(profile)))
                    .hasMessageContaining("development");
        }
        String strong = "a-production-secret-of-enough-bytes-0123456789";
        TokenService tokens = config.tokenService(strong, env("production"));
        assertThat(new TokenService(strong).verify(tokens.issue(1, null, java.time.Duration.ofMinutes(1))).userId())
                .isEqualTo(1);
    }

    @Test
    void theDevProfileFallsBackToTheDevSecret() {
        TokenService tokens = new AuthConfiguration().tokenService("", env("dev"));
        String token = tokens.issue(42, "ada", java.time.Duration.ofMinutes(1));
        assertThat(new TokenService(TokenService.DEV_SECRET).verify(token).userId()).isEqualTo(42);
    }
}
