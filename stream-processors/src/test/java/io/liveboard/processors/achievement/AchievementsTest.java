package io.liveboard.processors.achievement;

import static io.liveboard.processors.Scenario.session;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import io.liveboard.catalog.App;
import io.liveboard.catalog.Topic;
import io.liveboard.events.AchievementUnlocked;
import io.liveboard.events.ActivityItem;
import io.liveboard.events.LevelUp;
import io.liveboard.processors.TopologyHarness;
import io.liveboard.processors.TopologyHarness.Out;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class AchievementsTest {

    private final TopologyHarness h = new TopologyHarness();

    @AfterEach
    void close() {
        h.close();
    }

    private List<String> unlocked() {
        return h.read(Topic.USER_UPDATES, AchievementUnlocked.class).stream()
                .map(a -> a.getUserId() + ":" + a.getAchievement()).toList();
    }

    @Test
    void pointsAchievementsAndLevelsUnlockOnceAsCumulativePointsCrossThresholds() {
        h.send(session(1, App.TYPING, "2026-11-20T10:00:00Z", "a", 50, 60));
        h.read(Topic.USER_UPDATES); // rank achievements of the only user
        h.send(session(1, App.TYPING, "2026-11-20T11:00:00Z", "b", 40, 50)); // 110
        List<Out> out = h.read(Topic.USER_UPDATES);
        assertThat(out).extracting(o -> o.value().getClass().getSimpleName())
                .containsExactly("AchievementUnlocked", "LevelUp", "AchievementUnlocked");
        AchievementUnlocked hundred = (AchievementUnlocked) out.get(0).value();
        assertThat(hundred.getAchievement()).isEqualTo("100-points");
        assertThat(hundred.getTitle()).isEqualTo("Getting Started");
        assertThat(out.get(0).channels()).containsExactly("user:1:achievements");
        LevelUp up = (LevelUp) out.get(1).value();
        assertThat(up.getLevel()).isEqualTo(2);
        assertThat(up.getPreviousLevel()).isEqualTo(1);
        assertThat(up.getTotalPoints()).isEqualTo(110);
        assertThat(((AchievementUnlocked) out.get(2).value()).getAchievement()).isEqualTo("level-2");

        h.send(session(1, App.TYPING, "2026-11-20T12:00:00Z", "c", 40, 400)); // 510: level 3 (300..599)
        assertThat(unlocked()).containsExactly("1:500-points", "1:level-3");
        h.send(session(1, App.TYPING, "2026-11-20T13:00:00Z", "d", 40, 500)); // 1010: level 5, skipping 4
        List<Out> big = h.read(Topic.USER_UPDATES);
        assertThat(big).map(o -> o.value() instanceof AchievementUnlocked a ? a.getAchievement()
                : o.value() instanceof LevelUp l ? "level.up " + l.getPreviousLevel() + "->" + l.getLevel() : "other")
                .containsExactly("1000-points", "level.up 3->5", "level-4", "level-5");
        h.send(session(1, App.TYPING, "2026-11-20T14:00:00Z", "e", 40, 10));
        assertThat(unlocked()).isEmpty();
    }

    @Test
    void anUnlockGoesToTheUserAndToBothActivityFeeds() {
        h.send(session(1, App.TYPING, "2026-11-20T10:00:00Z", "a", 50, 100));
        AchievementUnlocked a = h.read(Topic.USER_UPDATES, AchievementUnlocked.class).stream()
                .filter(x -> x.getAchievement().equals("100-points")).findFirst().orElseThrow();
        assertThat(a.getDescription()).isEqualTo("Earned 100 points");
        assertThat(a.getPoints()).isEqualTo(10);
        List<Out> activity = h.read(Topic.ACTIVITY).stream()
                .filter(o -> "100-points".equals(((ActivityItem) o.value()).getAchievement())).toList();
        assertThat(activity).extracting(Out::key).containsExactly("achievements", "feed");
        assertThat(activity).extracting(Out::channels)
                .containsExactly(List.of("activity:achievements"), List.of("activity:feed"));
        assertThat(activity).extracting(o -> ((ActivityItem) o.value()).getKind()).containsOnly("achievement.unlocked");
        assertThat(activity).extracting(o -> ((ActivityItem) o.value()).getEventId()).doesNotHaveDuplicates();
    }

    @Test
    void theWeekWarriorIsTheOriginalSpecsExample() {
        assertThat(Achievements.STREAK_7).isEqualTo(new AchievementDef("7-day-streak", "Week Warrior",
                "Completed a 7-day practice streak", "🔥", 50));
        assertThat(Achievements.FIXED).extracting(AchievementDef::id).containsExactly("7-day-streak", "30-day-streak",
                "100-day-streak", "100-points", "500-points", "1000-points", "top-10", "top-5", "rank-1", "perfect-accuracy");
        assertThat(Achievements.level(3).id()).isEqualTo("level-3");
    }

    @Test
    void perfectAccuracyUnlocksOnce() {
        h.send(session(1, App.MATH, "2026-11-20T10:00:00Z", "a", 100, 0));
        h.send(session(1, App.MATH, "2026-11-20T11:00:00Z", "b", 100, 0));
        h.send(session(1, App.MATH, "2026-11-20T12:00:00Z", "c", 99.5, 0));
        assertThat(unlocked()).filteredOn(s -> s.endsWith("perfect-accuracy")).containsExactly("1:perfect-accuracy");
    }

    @Test
    void rankAchievementsUnlockTheFirstTimeARankOrBetterIsHeldInAnyCategory() {
        h.send(session(1, App.TYPING, "2026-11-20T10:00:00Z", "a", 50, 0));
        assertThat(unlocked()).containsExactlyInAnyOrder("1:top-10", "1:top-5", "1:rank-1");
        h.send(session(2, App.TYPING, "2026-11-20T10:01:00Z", "b", 40, 0)); // #2 typing; #2 overall (0 points, later)
        assertThat(unlocked()).containsExactlyInAnyOrder("2:top-10", "2:top-5");
        h.send(session(1, App.MATH, "2026-11-20T10:02:00Z", "c", 70, 0)); // u1 #1 in math too: nothing new
        assertThat(unlocked()).isEmpty();
        h.send(session(2, App.MATH, "2026-11-20T10:03:00Z", "d", 90, 0)); // u2 #1 in math
        assertThat(unlocked()).containsExactly("2:rank-1");
    }
}
