package io.liveboard.infra;

import static org.assertj.core.api.Assertions.assertThat;

import io.liveboard.infra.AppConfig.App;
import org.junit.jupiter.api.Test;

/** Which environment variables count as read by an app (Spring Boot's relaxed binding decides the mapping). */
class EnvNamesTest {

    @Test
    void variablesTheAppsReadByName() {
        for (String name : new String[] {"KAFKA_BOOTSTRAP_SERVERS", "LIVEBOARD_TOPICS_PREFIX", "LIVEBOARD_TOKEN_SECRET",
                "JAVA_TOOL_OPTIONS"}) {
            assertThat(EnvNames.unknown(name, App.FANOUT)).as(name).isNull();
        }
    }

    @Test
    void variablesSpringMapsToPropertiesTheAppHas() {
        assertThat(EnvNames.unknown("SPRING_PROFILES_ACTIVE", App.PROCESSORS)).isNull();
        assertThat(EnvNames.unknown("MANAGEMENT_SERVER_PORT", App.FANOUT)).isNull();
        assertThat(EnvNames.unknown("MANAGEMENT_ENDPOINT_HEALTH_GROUP_LIVENESS_INCLUDE", App.PROCESSORS)).isNull();
        assertThat(EnvNames.unknown("LIVEBOARD_FANOUT_LIMITS_MAXCONNECTIONS", App.FANOUT)).isNull();
        assertThat(EnvNames.unknown("LIVEBOARD_FANOUT_IOTHREADS", App.FANOUT)).isNull();
        assertThat(EnvNames.unknown("LIVEBOARD_PROCESSORS_STANDBYREPLICAS", App.PROCESSORS)).isNull();
        assertThat(EnvNames.unknown("LIVEBOARD_TOPICS_REPLICATIONFACTOR", App.PROCESSORS)).isNull();
        assertThat(EnvNames.unknown("SPRING_KAFKA_STREAMS_PROPERTIES_GROUP_INSTANCE_ID", App.PROCESSORS)).isNull();
    }

    @Test
    void misspeltOrForeignVariablesAreReported() {
        assertThat(EnvNames.unknown("MANAGEMENT_SERVER_PROT", App.FANOUT)).contains("management.server.prot");
        assertThat(EnvNames.unknown("LIVEBOARD_FANOUT_LIMITS_MAXCONNECTIONS", App.PROCESSORS)).isNotNull();
        assertThat(EnvNames.unknown("LIVEBOARD_PROCESSORS_STANDBYREPLICAS", App.FANOUT)).isNotNull();
        // Relaxed binding wants the dashes dropped, not turned into underscores, for @ConfigurationProperties.
        assertThat(EnvNames.unknown("LIVEBOARD_PROCESSORS_STANDBY_REPLICAS", App.PROCESSORS)).isNotNull();
        assertThat(EnvNames.unknown("KAFKA_BOOTSTRAP", App.FANOUT)).isNotNull();
    }
}
