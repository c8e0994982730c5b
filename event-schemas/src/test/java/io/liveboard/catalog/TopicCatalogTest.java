package io.liveboard.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;

class TopicCatalogTest {

    @Test
    void namesTakeThePrefix() {
        TopicCatalog catalog = new TopicCatalog("prod.");
        assertThat(catalog.name(Topic.LEARNING_EVENTS)).isEqualTo("prod.learning-events");
        assertThat(catalog.topicNamed("prod.activity")).contains(Topic.ACTIVITY);
        assertThat(catalog.topicNamed("activity")).isEmpty();
        assertThat(catalog.resolve("activity")).contains(Topic.ACTIVITY);
        assertThat(catalog.resolve("nope")).isEmpty();
    }

    @Test
    void snapshotsAreCompactedAndTheRestExpire() {
        TopicCatalog catalog = TopicCatalog.unprefixed().withRetention(Topic.LEARNING_EVENTS, Duration.ZERO)
                .withPartitions(Topic.USER_UPDATES, 12);
        NewTopic snapshots = catalog.newTopic(Topic.LEADERBOARD_SNAPSHOTS);
        assertThat(snapshots.configs()).containsEntry("cleanup.policy", "compact").doesNotContainKey("retention.ms");
        assertThat(catalog.newTopic(Topic.LEARNING_EVENTS).configs()).containsEntry("retention.ms", "-1");
        assertThat(catalog.newTopic(Topic.ACTIVITY).configs())
                .containsEntry("retention.ms", Long.toString(Duration.ofDays(7).toMillis()));
        assertThat(catalog.newTopic(Topic.USER_UPDATES).numPartitions()).isEqualTo(12);
        assertThat(catalog.newTopics()).hasSize(Topic.values().length);
    }

    @Test
    void rejectsBadSettings() {
        assertThatThrownBy(() -> new TopicCatalog("bad prefix")).hasMessageContaining("prefix");
        assertThatThrownBy(() -> TopicCatalog.unprefixed().withPartitions(Topic.ACTIVITY, 0))
                .hasMessageContaining("at least 1");
        assertThatThrownBy(() -> TopicCatalog.unprefixed().withRetention(Topic.LEADERBOARD_SNAPSHOTS, Duration.ZERO))
                .hasMessageContaining("compacted");
    }
}
