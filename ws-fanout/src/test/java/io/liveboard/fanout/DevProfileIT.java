package io.liveboard.fanout;

import java.util.Map;

import io.liveboard.catalog.PropertyNames;
import io.liveboard.catalog.TopicCatalog;
import io.liveboard.fanout.auth.Principal;
import io.liveboard.fanout.auth.TokenService;
import io.liveboard.testing.EmbeddedKafka;
import io.liveboard.testing.ws.WsTestClient;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The dev profile's conveniences, and that production refuses to start without a real secret. */
class DevProfileIT {

    @Test
    void devProfileMintsTokensWithTheDevSecretAndAllowsAnyOrigin() throws Exception {
        TopicCatalog catalog = EmbeddedKafka.shared().createTopics("fanout-dev");
        try (TestNode node = TestNode.start(catalog, Map.of("spring.profiles.active", "dev",
                PropertyNames.AUTH_TOKEN_SECRET, ""))) {
            var response = node.get("/api/dev/token?user_id=42&username=ada");
            assertThat(response.statusCode()).isEqualTo(200);
            JsonNode body = JsonMapper.builder().build().readTree(response.body());
            Principal p = new TokenService(TokenService.DEV_SECRET).verify(body.path("token").asString());
            assertThat(p.userId()).isEqualTo(42);
            assertThat(body.path("username").asString()).isEqualTo("ada");
            assertThat(body.path("expires_at").asString()).isNotEmpty();
            assertThat(node.get("/api/dev/token?user_id=abc").statusCode()).isEqualTo(400);
            try (WsTestClient ws = WsTestClient.connect(node.ws(body.path("token").asString()),
                    Map.of("Origin", "http://localhost:5173"))) {
                assertThat(ws.awaitType("welcome").path("data").path("user_id").asLong()).isEqualTo(42);
            }
            assertThat(node.get("/actuator/health/readiness").statusCode()).isEqualTo(200);
        }
    }

    @Test
    void productionRefusesToStartWithoutAStrongSecret() {
        for (String secret : new String[] {"", "too-short", TokenService.DEV_SECRET}) {
            assertThatThrownBy(() -> new SpringApplicationBuilder(FanoutApplication.class)
                    .profiles("production")
                    .properties(Map.of(PropertyNames.AUTH_TOKEN_SECRET, secret, "server.port", 0,
                            PropertyNames.BOOTSTRAP_SERVERS, "127.0.0.1:1"))
                    .run().close())
                    .as(secret).hasStackTraceContaining("secret");
        }
    }
}
