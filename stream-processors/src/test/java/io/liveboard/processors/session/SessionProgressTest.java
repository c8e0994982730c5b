package io.liveboard.processors.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import io.liveboard.catalog.Topic;
import io.liveboard.events.ProgressUpdate;
import io.liveboard.processors.TopologyHarness;
import io.liveboard.processors.TopologyHarness.Out;
import io.liveboard.testing.Events;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SessionProgressTest {

    private final TopologyHarness h = new TopologyHarness();
    private final Events.Builder ada = Events.user(42, "ada").at("2026-11-20T10:00:00Z");

    @AfterEach
    void close() {
        h.close();
    }

    @Test
    void everyLiveUpdateBecomesAProgressUpdateWithChangeAndMovingAverage() {
        h.send(ada.started("s-1"), ada.progress("s-1", 1000, 40), ada.progress("s-1", 2000, 50),
                ada.progress("s-1", 3500, 45));
        List<Out> out = h.read(Topic.USER_UPDATES);
        assertThat(out).hasSize(3);
        assertThat(out).allSatisfy(o -> {
            assertThat(o.key()).isEqualTo("42");
            assertThat(o.channels()).containsExactly("user:42:progress", "session:s-1:live");
        });
        List<ProgressUpdate> p = out.stream().map(o -> (ProgressUpdate) o.value()).toList();
        assertThat(p).extracting(ProgressUpdate::getCurrentWpm).containsExactly(40.0, 50.0, 45.0);
        assertThat(p).extracting(x -> x.getTrend().getWpmChange()).containsExactly(null, 10.0, -5.0);
        assertThat(p).extracting(x -> x.getTrend().getWpmAverage()).containsExactly(40.0, 45.0, 45.0);
        // The fixture reports accuracy 95 throughout.
        assertThat(p).extracting(x -> x.getTrend().getAccuracyChange()).containsExactly(null, 0.0, 0.0);
        assertThat(p).extracting(ProgressUpdate::getSessionDuration).containsExactly(1L, 2L, 3L);
        assertThat(p).extracting(ProgressUpdate::getElapsedMs).containsExactly(1000L, 2000L, 3500L);
        assertThat(p.get(0).getApp()).isEqualTo("typing");
        assertThat(p.get(0).getTimestamp()).isEqualTo(java.time.Instant.parse("2026-11-20T10:00:00Z"));
    }

    @Test
    void theMovingAverageCoversTheLastFiveUpdates() {
        h.send(ada.started("s-1"));
        for (int i = 1; i <= 6; i++) {
            h.send(ada.progress("s-1", i * 1000L, i * 10));
        }
        List<ProgressUpdate> p = h.read(Topic.USER_UPDATES, ProgressUpdate.class);
        // Last five of 10..60: (20+30+40+50+60)/5.
        assertThat(p.get(5).getTrend().getWpmAverage()).isEqualTo(40.0);
    }

    @Test
    void aStaleOrPostEndUpdateIsDropped() {
        h.send(ada.started("s-1"), ada.progress("s-1", 2000, 50), ada.progress("s-1", 1000, 99));
        h.send(ada.completed("s-1", 55, 10), ada.progress("s-1", 9000, 70));
        assertThat(h.read(Topic.USER_UPDATES, ProgressUpdate.class)).extracting(ProgressUpdate::getCurrentWpm)
                .containsExactly(50.0);
    }

    @Test
    void anUpdateWithoutAStartStillShowsLive() {
        h.send(ada.progress("s-9", 1000, 33));
        assertThat(h.read(Topic.USER_UPDATES, ProgressUpdate.class)).extracting(ProgressUpdate::getSessionId)
                .containsExactly("s-9");
    }
}
