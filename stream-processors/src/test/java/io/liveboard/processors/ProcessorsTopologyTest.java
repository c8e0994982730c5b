package io.liveboard.processors;

import static org.assertj.core.api.Assertions.assertThat;

import io.liveboard.catalog.TopicCatalog;
import org.apache.kafka.streams.Topology;
import org.junit.jupiter.api.Test;

class ProcessorsTopologyTest {

    @Test
    void everyNodeStoreAndInternalTopicIsNamed() {
        Topology topology = ProcessorsTopology.build(TopologySettings.defaults(new TopicCatalog("x.")));
        String description = topology.describe().toString();
        // Generated names (KSTREAM-...-0000000012) change when the topology changes, which would orphan
        // state and repartition topics on upgrade.
        assertThat(description).doesNotContain("KSTREAM-").doesNotContain("KTABLE-");
        assertThat(description).contains("board-changes-repartition", "match-changes-repartition",
                "rank-reached-repartition", "dedupe-event-ids", "sessions", "user-profiles", "streaks",
                "leaderboard-entries", "leaderboard-state", "match-standings", "rank-achievements");
        // Four sub-topologies: user stage, leaderboard, rank achievements, matches; one hop to each.
        assertThat(topology.describe().subtopologies()).hasSize(4);
    }
}
