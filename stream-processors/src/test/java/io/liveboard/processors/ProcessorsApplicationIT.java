package io.liveboard.processors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Set;

import io.liveboard.catalog.LiveboardHeaders;
import io.liveboard.catalog.PropertyNames;
import io.liveboard.catalog.ProcessorPropertyNames;
import io.liveboard.catalog.Topic;
import io.liveboard.catalog.TopicCatalog;
import io.liveboard.events.LeaderboardUpdate;
import io.liveboard.schema.AvroCodec;
import io.liveboard.testing.EmbeddedKafka;
import io.liveboard.testing.Events;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/** The Spring Boot app on the shared embedded broker: creates its topics, processes, dead-letters, reports health and metrics. */
class ProcessorsApplicationIT {

    private final EmbeddedKafka kafka = EmbeddedKafka.shared();

    /** Stands for the fan-out: another WebFlux Boot app in the same JVM, as the launcher runs them. */
    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class NeighbourApp {
    }

    @Test
    void startsCreatesTopicsProcessesAndClosesCleanly() throws Exception {
        String prefix = EmbeddedKafka.uniquePrefix("app");
        TopicCatalog catalog = new TopicCatalog(prefix);
        HttpClient http = HttpClient.newHttpClient();
        try (ConfigurableApplicationContext neighbour = new SpringApplicationBuilder(NeighbourApp.class)
                .properties("server.port=0", "management.endpoints.web.exposure.include=health").run()) {
            try (ConfigurableApplicationContext app = new SpringApplicationBuilder(ProcessorsApplication.class)
                    .properties(PropertyNames.BOOTSTRAP_SERVERS + "=" + kafka.bootstrapServers(),
                            PropertyNames.TOPICS_PREFIX + "=" + prefix,
                            ProcessorPropertyNames.STATE_DIR + "=" + Files.createTempDirectory("lb-app"),
                            ProcessorPropertyNames.SERVER_PORT + "=0")
                    .run()) {
                try (Admin admin = kafka.admin()) {
                    Set<String> names = admin.listTopics().names().get();
                    for (Topic t : Topic.values()) {
                        assertThat(names).contains(catalog.name(t));
                    }
                }
                try (KafkaProducer<String, byte[]> producer = kafka.producer()) {
                    String topic = catalog.name(Topic.LEARNING_EVENTS);
                    producer.send(new ProducerRecord<>(topic, "42", "garbage bytes, not Avro".getBytes(StandardCharsets.UTF_8)));
                    Events.Builder ada = Events.user(42, "ada").at("2026-11-20T10:00:00Z");
                    producer.send(new ProducerRecord<>(topic, "42", AvroCodec.shared().encode(ada.started("s-1"))));
                    producer.send(new ProducerRecord<>(topic, "42", AvroCodec.shared().encode(ada.completed("s-1", 88, 20))));
                    producer.flush();
                }
                List<ConsumerRecord<String, byte[]>> dead = kafka.readAll(catalog, Topic.DEAD_LETTERS, 1, Duration.ofSeconds(30));
                assertThat(dead).hasSize(1);
                assertThat(new String(dead.get(0).headers().lastHeader(LiveboardHeaders.DL_REASON).value(),
                        StandardCharsets.UTF_8)).isEqualTo("malformed");
                List<ConsumerRecord<String, byte[]>> updates = kafka.readAll(catalog, Topic.LEADERBOARD_UPDATES, 2, Duration.ofSeconds(30));
                assertThat(updates).extracting(r -> AvroCodec.shared().decode(r.value(), LeaderboardUpdate.class))
                        .extracting(u -> u.getCategory() + "#" + u.getRank() + "=" + u.getMetricValue())
                        .containsExactlyInAnyOrder("typing_wpm#1=88.0", "overall#1=20.0");

                String port = app.getEnvironment().getProperty("local.server.port");
                assertThat(port).isNotEqualTo(neighbour.getEnvironment().getProperty("local.server.port"));
                await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                    HttpResponse<String> health = http.send(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + port + "/actuator/health")).build(), HttpResponse.BodyHandlers.ofString());
                    assertThat(health.statusCode()).isEqualTo(200);
                    assertThat(health.body()).contains("\"state\":\"RUNNING\"");
                });
                HttpResponse<String> metrics = http.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/actuator/prometheus")).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(metrics.body()).contains("liveboard_processors_dead_letters_total{")
                        .contains("reason=\"malformed\"");
                assertThat(metrics.body()).contains("kafka_stream");
            }
            // Closing the processors left the neighbour's HTTP server (its own event loops) serving.
            String neighbourPort = neighbour.getEnvironment().getProperty("local.server.port");
            HttpResponse<String> health = http.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + neighbourPort + "/actuator/health")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(health.statusCode()).isEqualTo(200);
        }
    }
}
