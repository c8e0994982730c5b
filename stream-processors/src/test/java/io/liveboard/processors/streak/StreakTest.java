package io.liveboard.processors.streak;

import static io.liveboard.processors.Scenario.session;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.List;

import io.liveboard.catalog.App;
import io.liveboard.catalog.Topic;
import io.liveboard.events.AchievementUnlocked;
import io.liveboard.events.StreakMilestone;
import io.liveboard.processors.TopologyHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class StreakTest {

    private final TopologyHarness h = new TopologyHarness();
    private int sessions;

    @AfterEach
    void close() {
        h.close();
    }

    private void practice(String instant, String zone) {
        h.send(zone == null ? session(1, App.TYPING, instant, "s" + sessions++, 50, 1)
                : session(1, App.TYPING, instant, "s" + sessions++, 50, 1, zone));
    }

    private void practiceDays(String first, int days, String time) {
        LocalDate d = LocalDate.parse(first);
        for (int i = 0; i < days; i++) {
            practice(d.plusDays(i) + "T" + time + "Z", null);
        }
    }

    private List<String> milestones() {
        return h.read(Topic.USER_UPDATES, StreakMilestone.class).stream()
                .map(m -> m.getMilestone() + ":" + m.getStreakDays() + " from " + m.getStreakStart()).toList();
    }

    /** Streak milestones and streak achievements, in order. */
    private List<String> userUpdates() {
        return h.read(Topic.USER_UPDATES).stream().map(o -> o.value() instanceof StreakMilestone m
                        ? m.getMilestone() + ":" + m.getStreakDays() + " from " + m.getStreakStart()
                        : o.value() instanceof AchievementUnlocked a && a.getAchievement().endsWith("-streak")
                        ? a.getAchievement() : null)
                .filter(java.util.Objects::nonNull).toList();
    }


    @Test
    void sevenConsecutiveDaysReachTheFirstMilestoneAndUnlockTheWeekWarrior() {
        practiceDays("2026-11-01", 6, "09:00:00");
        practice("2026-11-06T18:00:00Z", null); // same day again: counts once
        assertThat(milestones()).isEmpty();
        practice("2026-11-07T09:00:00Z", null);
        List<AchievementUnlocked> unlocks = h.read(Topic.USER_UPDATES, AchievementUnlocked.class);
        h.read(Topic.USER_UPDATES);
        assertThat(unlocks).filteredOn(a -> a.getAchievement().equals("7-day-streak")).singleElement()
                .satisfies(a -> {
                    assertThat(a.getTitle()).isEqualTo("Week Warrior");
                    assertThat(a.getIcon()).isEqualTo("🔥");
                    assertThat(a.getPoints()).isEqualTo(50);
                });
        practice("2026-11-08T09:00:00Z", null);
        assertThat(milestones()).isEmpty();
    }

    @Test
    void theMilestoneNamesTheRun() {
        practiceDays("2026-11-01", 7, "09:00:00");
        assertThat(milestones()).containsExactly("7:7 from 2026-11-01");
    }

    @Test
    void aLateDayFillingAGapJoinsTheRunsOnBothSides() {
        practiceDays("2026-11-01", 3, "09:00:00");
        practiceDays("2026-11-05", 3, "09:00:00");
        assertThat(milestones()).isEmpty();
        practice("2026-11-04T09:00:00Z", null); // late: 1..3 + 4 + 5..7
        assertThat(userUpdates()).containsExactly("7:7 from 2026-11-01", "7-day-streak");
    }

    @Test
    void aNewRunReachingSevenIsAMilestoneAgainButTheAchievementStaysUnlocked() {
        practiceDays("2026-11-01", 7, "09:00:00");
        userUpdates();
        practiceDays("2026-11-10", 7, "09:00:00");
        assertThat(userUpdates()).containsExactly("7:7 from 2026-11-10");
    }

    @Test
    void thirtyDaysReachTheSecondMilestone() {
        practiceDays("2026-10-01", 30, "12:00:00");
        assertThat(userUpdates()).containsExactly("7:7 from 2026-10-01", "7-day-streak", "30:30 from 2026-10-01",
                "30-day-streak");
    }

    @Test
    void daysAreCalendarDaysInTheEventsTimeZoneAcrossADaylightSavingChange() {
        String paris = "Europe/Paris";
        // 23..28 March 2026 at noon UTC: six Paris days.
        for (int d = 23; d <= 28; d++) {
            practice("2026-03-" + d + "T12:00:00Z", paris);
        }
        // Clocks go forward on 29 March at 01:00 UTC. 22:30 UTC on the 29th is 00:30 CEST on the 30th
        // (with the winter offset it would still be the 29th): a gap on the 29th, no streak of seven.
        practice("2026-03-29T22:30:00Z", paris);
        assertThat(milestones()).isEmpty();
        // A late session at 23:30 UTC on the 28th, which is 00:30 CET on the 29th in Paris (the 28th in UTC),
        // fills the gap: 23..30 March, eight days.
        practice("2026-03-28T23:30:00Z", paris);
        assertThat(milestones()).containsExactly("7:8 from 2026-03-23");
    }

    @Test
    void withoutATimeZoneDaysAreUtcDays() {
        for (int d = 23; d <= 28; d++) {
            practice("2026-03-" + d + "T12:00:00Z", null);
        }
        practice("2026-03-28T23:30:00Z", null); // still the 28th in UTC
        assertThat(milestones()).isEmpty();
    }
}
