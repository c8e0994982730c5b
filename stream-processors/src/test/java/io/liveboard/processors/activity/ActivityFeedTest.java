package io.liveboard.processors.activity;

import static io.liveboard.processors.Scenario.session;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import io.liveboard.catalog.App;
import io.liveboard.catalog.LiveboardHeaders;
import io.liveboard.catalog.Topic;
import io.liveboard.events.ActivityItem;
import io.liveboard.processors.TopologyHarness;
import io.liveboard.processors.TopologyHarness.Out;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ActivityFeedTest {

    private final TopologyHarness h = new TopologyHarness();

    @AfterEach
    void close() {
        h.close();
    }

    @Test
    void theFeedCarriesCompletionsHighScoresAchievementsRankImprovementsAndLeaderChanges() {
        h.send(session(1, App.TYPING, "2026-11-20T10:00:00Z", "a", 50, 0));
        h.send(session(2, App.TYPING, "2026-11-20T10:01:00Z", "b", 60, 0));
        h.read(Topic.ACTIVITY);
        h.send(session(1, App.TYPING, "2026-11-20T10:02:00Z", "c", 70, 0)); // high score, #2 -> #1
        List<Out> out = h.read(Topic.ACTIVITY);
        List<Out> feed = out.stream().filter(o -> o.key().equals("feed")).toList();
        assertThat(feed).allSatisfy(o -> assertThat(o.channels()).containsExactly("activity:feed"));
        assertThat(feed).extracting(o -> ((ActivityItem) o.value()).getKind() + " u" + ((ActivityItem) o.value()).getUserId())
                .contains("session.completed u1", "high.score u1", "rank.improved u1", "leader.changed u1");
        assertThat(feed).extracting(o -> o.header(LiveboardHeaders.TYPE))
                .contains("session.completed", "high.score", "rank.improved", "leader.changed");
        ActivityItem completed = (ActivityItem) feed.get(0).value();
        assertThat(completed.getKind()).isEqualTo("session.completed");
        assertThat(completed.getMessage()).isEqualTo("u1 completed a typing session: 70 wpm");
        assertThat(out).extracting(o -> ((ActivityItem) o.value()).getEventId()).doesNotHaveDuplicates();
    }
}
