package io.liveboard.processors.highscore;

import static io.liveboard.processors.Scenario.session;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import io.liveboard.catalog.App;
import io.liveboard.catalog.Topic;
import io.liveboard.events.ActivityItem;
import io.liveboard.events.HighScore;
import io.liveboard.processors.TopologyHarness;
import io.liveboard.processors.TopologyHarness.Out;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class HighScoreTest {

    private final TopologyHarness h = new TopologyHarness();

    @AfterEach
    void close() {
        h.close();
    }

    @Test
    void aSessionBeatingThePersonalBestIsAHighScoreTheFirstOnlySetsTheBaseline() {
        h.send(session(1, App.PIANO, "2026-11-20T10:00:00Z", "a", 600, 5));
        h.send(session(1, App.PIANO, "2026-11-20T11:00:00Z", "b", 550, 5));
        assertThat(h.read(Topic.USER_UPDATES, HighScore.class)).isEmpty();
        h.send(session(1, App.PIANO, "2026-11-20T12:00:00Z", "c", 700, 5));
        List<Out> out = h.read(Topic.USER_UPDATES).stream().filter(o -> o.value() instanceof HighScore).toList();
        assertThat(out).singleElement().satisfies(o -> {
            assertThat(o.channels()).containsExactly("user:1:achievements");
            HighScore hs = (HighScore) o.value();
            assertThat(hs.getCategory()).isEqualTo("piano_score");
            assertThat(hs.getMetricValue()).isEqualTo(700.0);
            assertThat(hs.getPreviousBest()).isEqualTo(600.0);
            assertThat(hs.getSessionId()).isEqualTo("c");
        });
        List<Out> feed = h.read(Topic.ACTIVITY).stream()
                .filter(o -> ((ActivityItem) o.value()).getKind().equals("high.score")).toList();
        assertThat(feed).extracting(Out::key).containsExactly("high-scores", "feed");
    }

    @Test
    void personalBestsGoByValueNotByArrival() {
        h.send(session(1, App.TYPING, "2026-11-20T12:00:00Z", "a", 70, 0));
        // Late sessions (earlier event time): a higher value is a new best, a lower one is not.
        h.send(session(1, App.TYPING, "2026-11-19T12:00:00Z", "late-high", 80, 0));
        h.send(session(1, App.TYPING, "2026-11-18T12:00:00Z", "late-low", 75, 0));
        assertThat(h.read(Topic.USER_UPDATES, HighScore.class))
                .extracting(x -> x.getSessionId() + ":" + x.getPreviousBest() + "->" + x.getMetricValue())
                .containsExactly("late-high:70.0->80.0");
    }
}
