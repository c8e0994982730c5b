package io.liveboard.processors.achievement;

import java.util.List;

/**
 * The one catalog of achievements: id (a contract), title, description, icon and the points shown with
 * it. The points are a badge's worth on display; they do not add to a user's session points (levels and
 * the overall board count session points only, so unlocking never feeds back into unlocking).
 * Each is unlocked at most once per user; every rule below is a threshold on a quantity that never
 * decreases (longest streak run, cumulative points, best rank ever held, level), which is what makes
 * "once" hold without a separate set of unlocked ids.
 */
public final class Achievements {

    public static final AchievementDef STREAK_7 = new AchievementDef("7-day-streak", "Week Warrior",
            "Completed a 7-day practice streak", "🔥", 50);
    public static final AchievementDef STREAK_30 = new AchievementDef("30-day-streak", "Monthly Master",
            "Completed a 30-day practice streak", "📅", 200);
    public static final AchievementDef STREAK_100 = new AchievementDef("100-day-streak", "Century Streak",
            "Completed a 100-day practice streak", "💯", 1000);
    public static final AchievementDef POINTS_100 = new AchievementDef("100-points", "Getting Started",
            "Earned 100 points", "🌱", 10);
    public static final AchievementDef POINTS_500 = new AchievementDef("500-points", "Point Collector",
            "Earned 500 points", "💰", 25);
    public static final AchievementDef POINTS_1000 = new AchievementDef("1000-points", "Point Master",
            "Earned 1,000 points", "🏆", 50);
    public static final AchievementDef TOP_10 = new AchievementDef("top-10", "Top 10",
            "Reached the top 10 of a leaderboard", "🔟", 50);
    public static final AchievementDef TOP_5 = new AchievementDef("top-5", "High Five",
            "Reached the top 5 of a leaderboard", "🖐️", 100);
    public static final AchievementDef RANK_1 = new AchievementDef("rank-1", "Number One",
            "Reached #1 on a leaderboard", "🥇", 250);
    public static final AchievementDef PERFECT_ACCURACY = new AchievementDef("perfect-accuracy", "Flawless",
            "Completed a session with 100% accuracy", "🎯", 25);

    /** Streak runs that unlock, by length in days. */
    public static final List<Threshold> STREAKS = List.of(
            new Threshold(7, STREAK_7), new Threshold(30, STREAK_30), new Threshold(100, STREAK_100));
    /** Cumulative session points that unlock. */
    public static final List<Threshold> POINTS = List.of(
            new Threshold(100, POINTS_100), new Threshold(500, POINTS_500), new Threshold(1000, POINTS_1000));
    /** Ranks that unlock when first held (or better) in any category. */
    public static final List<Threshold> RANKS = List.of(
            new Threshold(10, TOP_10), new Threshold(5, TOP_5), new Threshold(1, RANK_1));

    /** Fixed achievements, for documentation and tests; level achievements come from {@link #level(int)}. */
    public static final List<AchievementDef> FIXED = List.of(STREAK_7, STREAK_30, STREAK_100, POINTS_100,
            POINTS_500, POINTS_1000, TOP_10, TOP_5, RANK_1, PERFECT_ACCURACY);

    private Achievements() {
    }

    /** {@code level-N}: reaching level N of the {@link LevelCurve} (N ≥ 2; everyone starts at level 1). */
    public static AchievementDef level(int level) {
        if (level < 2) {
            throw new IllegalArgumentException("level achievements start at 2: " + level);
        }
        return new AchievementDef("level-" + level, "Level " + level, "Reached level " + level, "⭐", 10 * level);
    }

    /** An achievement unlocked when a quantity reaches {@code value}. */
    public record Threshold(int value, AchievementDef achievement) {
    }
}
