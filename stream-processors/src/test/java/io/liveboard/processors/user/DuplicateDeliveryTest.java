package io.liveboard.processors.user;

import static org.assertj.core.api.Assertions.assertThat;

import io.liveboard.catalog.App;
import io.liveboard.catalog.Topic;
import io.liveboard.events.AchievementUnlocked;
import io.liveboard.events.LeaderboardSnapshot;
import io.liveboard.events.LearningEvent;
import io.liveboard.events.ProgressUpdate;
import io.liveboard.processors.TopologyHarness;
import io.liveboard.testing.Events;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DuplicateDeliveryTest {

    private final TopologyHarness h = new TopologyHarness();

    @AfterEach
    void close() {
        h.close();
    }

    @Test
    void anEventDeliveredTwiceCountsOnce() {
        Events.Builder ada = Events.user(42, "ada").app(App.TYPING).at("2026-11-20T10:00:00Z");
        LearningEvent start = ada.started("s-1");
        LearningEvent end = ada.completed("s-1", 80, 60);
        LearningEvent start2 = ada.at("2026-11-20T11:00:00Z").started("s-2");
        LearningEvent end2 = ada.at("2026-11-20T11:00:00Z").completed("s-2", 70, 60);
        // The app redelivers the first end (same event id) after the second session.
        h.send(start, end, end, start2, end2, end);

        assertThat(h.read(Topic.DEAD_LETTERS)).isEmpty();
        // Points: 60 + 60 = 120, not 180: one 100-points unlock and the overall board at 120. Ada is alone,
        // so #1 of both boards: the rank achievements once each.
        assertThat(h.read(Topic.USER_UPDATES, AchievementUnlocked.class)).extracting(AchievementUnlocked::getAchievement)
                .containsExactlyInAnyOrder("top-10", "top-5", "rank-1", "100-points", "level-2");
        assertThat(h.read(Topic.LEADERBOARD_SNAPSHOTS, LeaderboardSnapshot.class))
                .filteredOn(s -> s.getCategory().equals("overall"))
                .extracting(s -> s.getEntries().get(0).getMetricValue()).containsExactly(60.0, 120.0);
    }

    @Test
    void aRedeliveredLiveUpdateIsNotRepeated() {
        Events.Builder ada = Events.user(42, "ada");
        LearningEvent p = ada.progress("s-1", 1000, 40);
        h.send(ada.started("s-1"), p, p);
        assertThat(h.read(Topic.USER_UPDATES, ProgressUpdate.class)).hasSize(1);
    }
}
