package io.liveboard.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.liveboard.catalog.Topic;
import io.liveboard.catalog.TopicCatalog;
import io.liveboard.events.LearningEvent;
import io.liveboard.schema.AvroCodec;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.junit.jupiter.api.Test;

class EmbeddedKafkaIT {

    @Test
    void theSharedBrokerServesCatalogTopicsUnderAPrefix() throws Exception {
        EmbeddedKafka kafka = EmbeddedKafka.shared();
        TopicCatalog catalog = kafka.createTopics("fixture");
        LearningEvent event = Events.user(7, "eve").completed("s-1", 80.0, 10);
        kafka.send(catalog.name(Topic.LEARNING_EVENTS), List.of(Map.entry("7", event)));

        var records = kafka.readAll(catalog, Topic.LEARNING_EVENTS, 1, Duration.ofSeconds(20));
        assertThat(records).hasSize(1);
        assertThat(records.get(0).key()).isEqualTo("7");
        assertThat(AvroCodec.shared().decode(records.get(0).value())).isEqualTo(event);
        try (Admin admin = kafka.admin()) {
            Set<String> names = admin.listTopics().names().get();
            assertThat(names).contains(catalog.name(Topic.DEAD_LETTERS), catalog.name(Topic.LEADERBOARD_SNAPSHOTS));
        }
        assertThat(EmbeddedKafka.shared()).isSameAs(kafka);
    }

    @Test
    void aThreeBrokerClusterReplicatesAndSurvivesLosingABroker() throws Exception {
        try (EmbeddedKafka cluster = EmbeddedKafka.start(3)) {
            TopicCatalog catalog = cluster.createTopics("three");
            try (Admin admin = cluster.admin()) {
                TopicDescription d = admin.describeTopics(List.of(catalog.name(Topic.USER_UPDATES)))
                        .allTopicNames().get().get(catalog.name(Topic.USER_UPDATES));
                assertThat(d.partitions()).allSatisfy(p -> assertThat(p.replicas()).hasSize(3));
            }
            int victim = cluster.cluster().brokers().keySet().stream().max(Integer::compare).orElseThrow();
            cluster.cluster().brokers().get(victim).shutdown();
            LearningEvent event = Events.user(8, "fay").completed("s-2", 70.0, 5);
            cluster.send(catalog.name(Topic.LEARNING_EVENTS), List.of(Map.entry("8", event)));
            assertThat(cluster.readAll(catalog, Topic.LEARNING_EVENTS, 1, Duration.ofSeconds(30))).hasSize(1);
        }
    }
}
