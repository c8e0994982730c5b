package io.liveboard.processors.deadletter;

import static io.liveboard.processors.Scenario.session;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;

import io.liveboard.catalog.App;
import io.liveboard.catalog.LiveboardHeaders;
import io.liveboard.catalog.Topic;
import io.liveboard.events.LearningEvent;
import io.liveboard.events.ProgressUpdate;
import io.liveboard.events.ScoreUpdated;
import io.liveboard.events.SessionEnded;
import io.liveboard.processors.TopologyHarness;
import io.liveboard.processors.TopologyHarness.Out;
import io.liveboard.schema.AvroCodec;
import io.liveboard.testing.Events;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DeadLetterTest {

    private final TopologyHarness h = new TopologyHarness();

    @AfterEach
    void close() {
        h.close();
    }

    @Test
    void undecodableBytesBecomeADeadLetterWithWhereFromAndWhyAndProcessingGoesOn() {
        byte[] garbage = "{\"this is\": \"JSON, not Avro\"}".getBytes(StandardCharsets.UTF_8);
        h.sendRaw("42", garbage);
        h.send(Events.user(42, "ada").progress("s-1", 1000, 50));

        List<Out> dead = h.read(Topic.DEAD_LETTERS);
        assertThat(dead).hasSize(1);
        Out d = dead.get(0);
        assertThat(d.key()).isEqualTo("42");
        assertThat(d.raw()).isEqualTo(garbage);
        assertThat(d.header(LiveboardHeaders.DL_SOURCE_TOPIC)).isEqualTo("t.learning-events");
        assertThat(d.header(LiveboardHeaders.DL_SOURCE_PARTITION)).isEqualTo("0");
        assertThat(d.header(LiveboardHeaders.DL_SOURCE_OFFSET)).isEqualTo("0");
        assertThat(d.header(LiveboardHeaders.DL_REASON)).isEqualTo("malformed");
        assertThat(d.header(LiveboardHeaders.DL_ERROR)).contains("c3 01");
        assertThat(d.header(LiveboardHeaders.DL_STAGE)).isEqualTo("decode");
        assertThat(h.read(Topic.USER_UPDATES, ProgressUpdate.class)).hasSize(1);
        assertThat(h.deadLetterReasons).containsExactly("malformed");
    }

    @Test
    void anUnknownSchemaFingerprintIsDeadLettered() {
        byte[] bytes = AvroCodec.shared().encode(Events.user(42, "ada").started("s-1"));
        bytes[5] ^= 0x5A; // another fingerprint
        h.sendRaw("42", bytes);
        assertThat(h.read(Topic.DEAD_LETTERS)).singleElement()
                .satisfies(d -> assertThat(d.header(LiveboardHeaders.DL_REASON)).isEqualTo("unknown-schema"));
    }

    @Test
    void aTombstoneIsDeadLettered() {
        h.sendRaw("42", null);
        assertThat(h.read(Topic.DEAD_LETTERS)).singleElement()
                .satisfies(d -> assertThat(d.header(LiveboardHeaders.DL_REASON)).isEqualTo("malformed"));
    }

    @Test
    void semanticallyInvalidEventsAreDeadLetteredWithTheRuleTheyBreak() {
        LearningEvent overAccuracy = Events.user(42, "ada").app(App.MATH).score(ScoreUpdated.newBuilder()
                .setSessionId("s-1").setAccuracy(150.0).setElapsedMs(1000).build());
        LearningEvent negativeWpm = Events.user(42, "ada").score(ScoreUpdated.newBuilder()
                .setSessionId("s-1").setWpm(-3.0).setElapsedMs(1000).build());
        LearningEvent unknownApp = LearningEvent.newBuilder(Events.user(42, "ada").started("s-1")).setApp("chess").build();
        h.send(overAccuracy, negativeWpm, unknownApp);

        List<Out> dead = h.read(Topic.DEAD_LETTERS);
        assertThat(dead).extracting(d -> d.header(LiveboardHeaders.DL_REASON)).containsOnly("invalid-event");
        assertThat(dead).extracting(d -> d.header(LiveboardHeaders.DL_ERROR)).satisfiesExactly(
                e -> assertThat(e).contains("accuracy"),
                e -> assertThat(e).contains("wpm"),
                e -> assertThat(e).contains("unknown app 'chess'"));
        assertThat(dead).extracting(d -> d.header(LiveboardHeaders.DL_SOURCE_OFFSET)).containsExactly("0", "1", "2");
        assertThat(h.read(Topic.USER_UPDATES)).isEmpty();
        assertThat(h.deadLetterCount).hasValue(3);
    }

    @Test
    void anEndWithoutAStartAndASecondEndAreDeadLetteredAndCountNothing() {
        Events.Builder ada = Events.user(42, "ada").at("2026-11-20T10:00:00Z");
        h.send(ada.completed("never-started", 80, 10));
        h.send(session(42, App.TYPING, "2026-11-20T11:00:00Z", "s-1", 70, 10));
        h.send(ada.completed("s-1", 90, 10));

        List<Out> dead = h.read(Topic.DEAD_LETTERS);
        assertThat(dead).extracting(d -> d.header(LiveboardHeaders.DL_ERROR)).containsExactly(
                "session.ended for session 'never-started' without session.started",
                "session 's-1' already ended");
        assertThat(dead).extracting(d -> d.header(LiveboardHeaders.DL_STAGE)).containsOnly("sessions");
        // Only the one good session counts: 70 wpm, 10 points.
        assertThat(h.read(Topic.LEADERBOARD_SNAPSHOTS, io.liveboard.events.LeaderboardSnapshot.class))
                .extracting(s -> s.getCategory() + "=" + s.getEntries().get(0).getMetricValue())
                .containsExactly("typing_wpm=70.0", "overall=10.0");
    }

    @Test
    void aRecordKeyedOtherThanByItsUserIsDeadLettered() {
        h.driver(); // keyed by another user: its state would live on the wrong partition
        byte[] bytes = AvroCodec.shared().encode(Events.user(42, "ada").started("s-1"));
        h.sendRaw("7", bytes);
        assertThat(h.read(Topic.DEAD_LETTERS)).singleElement()
                .satisfies(d -> assertThat(d.header(LiveboardHeaders.DL_ERROR)).contains("user_id 42"));
    }

    @Test
    void anIncompleteSessionEndIsFineAndCountsNothing() {
        Events.Builder ada = Events.user(42, "ada");
        h.send(ada.started("s-1"), ada.abandoned("s-1"));
        assertThat(h.read(Topic.DEAD_LETTERS)).isEmpty();
        assertThat(h.read(Topic.LEADERBOARD_UPDATES)).isEmpty();
        assertThat(h.read(Topic.ACTIVITY)).isEmpty();
        assertThat(SessionEnded.class).isNotNull();
    }
}
