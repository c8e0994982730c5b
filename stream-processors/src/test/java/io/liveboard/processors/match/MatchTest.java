package io.liveboard.processors.match;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import io.liveboard.catalog.App;
import io.liveboard.catalog.Topic;
import io.liveboard.events.Competitor;
import io.liveboard.events.CompetitorsUpdate;
import io.liveboard.processors.TopologyHarness;
import io.liveboard.processors.TopologyHarness.Out;
import io.liveboard.testing.Events;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class MatchTest {

    private final TopologyHarness h = new TopologyHarness();
    private final Events.Builder ada = Events.user(1, "ada").app(App.TYPING).at("2026-11-20T10:00:00Z");
    private final Events.Builder bob = Events.user(2, "bob").app(App.TYPING).at("2026-11-20T10:00:00Z");

    @AfterEach
    void close() {
        h.close();
    }

    private static List<String> standings(CompetitorsUpdate u) {
        return u.getStandings().stream().map(MatchTest::row).toList();
    }

    private static String row(Competitor c) {
        return c.getPosition() + ". " + c.getUsername() + " " + c.getMetricValue() + (c.getFinished() ? " finished" : "");
    }

    @Test
    void everyChangeInAMatchSendsTheStandingsToEveryParticipant() {
        h.send(ada.started("s-a", "m-1"));
        h.send(bob.started("s-b", "m-1"));
        h.send(ada.progress("s-a", 1000, 40), bob.progress("s-b", 1000, 50));
        List<Out> out = h.read(Topic.MATCH_UPDATES);
        assertThat(out).extracting(Out::key).containsOnly("m-1");
        assertThat(out).extracting(o -> standings((CompetitorsUpdate) o.value())).containsExactly(
                List.of("1. ada null"),
                List.of("1. ada null", "2. bob null"),
                List.of("1. ada 40.0", "2. bob null"),
                List.of("1. bob 50.0", "2. ada 40.0"));
        assertThat(out.get(3).channels()).containsExactly("session:s-b:competitors", "session:s-a:competitors");
        assertThat(((CompetitorsUpdate) out.get(3).value()).getMetric()).isEqualTo("wpm");

        h.send(ada.completed("s-a", 60, 10));
        h.send(bob.completed("s-b", 55, 10));
        assertThat(h.read(Topic.MATCH_UPDATES)).extracting(o -> standings((CompetitorsUpdate) o.value())).containsExactly(
                List.of("1. ada 60.0 finished", "2. bob 50.0"),
                List.of("1. ada 60.0 finished", "2. bob 55.0 finished"));
    }

    @Test
    void sessionsWithoutAMatchSendNoStandings() {
        h.send(ada.started("s-a"), ada.progress("s-a", 1000, 40), ada.completed("s-a", 60, 10));
        assertThat(h.read(Topic.MATCH_UPDATES)).isEmpty();
    }

    @Test
    void aMatchOrdersByItsAppsPrimaryMetric() {
        Events.Builder cy = Events.user(3, "cy").app(App.MATH).at("2026-11-20T10:00:00Z");
        Events.Builder di = Events.user(4, "di").app(App.MATH).at("2026-11-20T10:00:00Z");
        h.send(cy.started("s-c", "m-2"), di.started("s-d", "m-2"), cy.progress("s-c", 1000, 80),
                di.progress("s-d", 1000, 95));
        List<CompetitorsUpdate> out = h.read(Topic.MATCH_UPDATES, CompetitorsUpdate.class);
        assertThat(out.get(out.size() - 1).getMetric()).isEqualTo("accuracy");
        assertThat(standings(out.get(out.size() - 1))).containsExactly("1. di 95.0", "2. cy 80.0");
    }
}
