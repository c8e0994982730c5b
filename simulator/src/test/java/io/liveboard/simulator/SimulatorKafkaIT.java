package io.liveboard.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;

import io.liveboard.catalog.Topic;
import io.liveboard.catalog.TopicCatalog;
import io.liveboard.events.LearningEvent;
import io.liveboard.json.LearningEventValidator;
import io.liveboard.schema.AvroCodec;
import io.liveboard.testing.EmbeddedKafka;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** The Java API as the one-command launcher uses it, against a real broker. */
class SimulatorKafkaIT {

    static EmbeddedKafka kafka = EmbeddedKafka.shared();

    @Test
    void runsInTheBackgroundUntilClosedAndEverythingItCountedIsInKafka() {
        TopicCatalog catalog = kafka.createTopics("simulator-api");
        SimulatorConfig config = SimulatorConfig.defaults().withBootstrap(kafka.bootstrapServers())
                .withPrefix(catalog.prefix()).withUsers(30).withRate(500).withHistoryDays(2);
        Simulator simulator = Simulator.toKafka(config).start();
        try {
            Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> simulator.stats().liveEvents() > 300);
            assertThat(simulator.isRunning()).isTrue();
            assertThat(simulator.stats().phase()).isEqualTo(Simulator.Phase.LIVE);
        } finally {
            simulator.close();
        }
        SimulatorStats stats = simulator.stats();
        assertThat(simulator.failure()).isEmpty();
        assertThat(stats.phase()).isEqualTo(Simulator.Phase.DONE);
        assertThat(stats.historyEvents()).isPositive();
        assertThat(stats.delivered()).isEqualTo(stats.events());
        // Alive ones only: a thread that has ended can stay listed for a moment after join() returned.
        assertThat(Thread.getAllStackTraces().keySet())
                .noneMatch(t -> t.getName().equals("liveboard-simulator") && t.isAlive());
        var records = kafka.readAll(catalog, Topic.LEARNING_EVENTS, (int) stats.events(), Duration.ofSeconds(60));
        assertThat(records).hasSize((int) stats.events());
        for (var record : records) {
            LearningEvent event = AvroCodec.shared().decode(record.value(), LearningEvent.class);
            assertThat(LearningEventValidator.violation(event)).isEmpty();
        }
    }

    @Test
    void aMissingTopicOrAnUnreachableKafkaIsRefusedAtStart() {
        SimulatorConfig missing = SimulatorConfig.defaults().withBootstrap(kafka.bootstrapServers()).withPrefix("it-none.");
        assertThatThrownBy(() -> Simulator.toKafka(missing).start()).isInstanceOfSatisfying(SimulatorException.class,
                e -> assertThat(e.reason()).isEqualTo(SimulatorException.Reason.TOPIC_MISSING));
        SimulatorConfig nowhere = SimulatorConfig.defaults().withBootstrap("127.0.0.1:1").withTimeout(Duration.ofSeconds(1));
        assertThatThrownBy(() -> Simulator.toKafka(nowhere).start()).isInstanceOfSatisfying(SimulatorException.class,
                e -> assertThat(e).hasMessage("cannot reach Kafka at 127.0.0.1:1 within 1s"));
    }

    @Test
    void aBrokerThatGoesAwayEndsTheRunWithAReason() throws Exception {
        try (EmbeddedKafka own = EmbeddedKafka.start(1)) {
            TopicCatalog catalog = own.createTopics("simulator-down");
            SimulatorConfig config = SimulatorConfig.defaults().withBootstrap(own.bootstrapServers())
                    .withPrefix(catalog.prefix()).withUsers(30).withRate(1_000).withHistoryDays(0)
                    .withTimeout(Duration.ofSeconds(3))
                    .withKafkaProperties(Map.of(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "4000"));
            try (Simulator simulator = Simulator.toKafka(config).start()) {
                Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> simulator.stats().delivered() > 100);
                own.cluster().brokers().values().forEach(broker -> broker.shutdown());
                assertThat(simulator.awaitTermination(Duration.ofSeconds(60))).isTrue();
                assertThat(simulator.failure()).hasValueSatisfying(e -> {
                    assertThat(e.reason()).isEqualTo(SimulatorException.Reason.KAFKA_FAILED);
                    assertThat(e.getMessage()).startsWith("Kafka at " + own.bootstrapServers());
                });
            }
        }
    }
}
