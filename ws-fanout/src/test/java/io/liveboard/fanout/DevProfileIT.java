package io.liveboard.fanout;

import java.util.Map;

import io.liveboard.catalog.PropertyNames;
import io.liveboard.catalog.TopicCatalog;
import io.liveboard.fanout.auth.Principal;
import io.liveboard.fanout.auth.TokenService;
import io.liveboard.testing.EmbeddedKafka;
import io.liveboard.testing.ws.WsTestClient;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/** The dev profile's conveniences (production's refusal to start without a secret: AuthConfigurationTest). */
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
}
