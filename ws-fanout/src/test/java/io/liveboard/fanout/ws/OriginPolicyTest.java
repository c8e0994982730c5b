package io.liveboard.fanout.ws;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class OriginPolicyTest {

    @Test
    void allowsSameOriginConfiguredOnesAndNonBrowsers() {
        OriginPolicy policy = new OriginPolicy(List.of("https://dash.example.com/"));
        assertThat(policy.allows(null, "localhost:8080")).isTrue();
        assertThat(policy.allows("http://localhost:8080", "localhost:8080")).isTrue();
        assertThat(policy.allows("https://dash.example.com", "localhost:8080")).isTrue();
        assertThat(policy.allows("https://evil.example.com", "localhost:8080")).isFalse();
        assertThat(policy.allows("http://localhost:9999", "localhost:8080")).isFalse();
        assertThat(policy.allows("null", "localhost:8080")).isFalse();
    }

    @Test
    void starAllowsAny() {
        assertThat(new OriginPolicy(List.of("*")).allows("https://anything.test", "h:1")).isTrue();
    }
}
