package io.liveboard.processors.achievement;

/**
 * The level curve, defined here and nowhere else. Everyone starts at level 1; level {@code n} takes
 * {@code 50 · n · (n − 1)} cumulative session points, so each level needs 100 points more than the one
 * before: level 2 at 100, 3 at 300, 4 at 600, 5 at 1,000, 6 at 1,500, 10 at 4,500, 20 at 19,000.
 */
public final class LevelCurve {

    private LevelCurve() {
    }

    /** Points needed to reach {@code level} (level 1 needs none). */
    public static long pointsFor(int level) {
        if (level < 1) {
            throw new IllegalArgumentException("levels start at 1: " + level);
        }
        return 50L * level * (level - 1);
    }

    /** The level a user with {@code points} cumulative session points is at. */
    public static int levelOf(long points) {
        if (points <= 0) {
            return 1;
        }
        // Solve 50·n·(n−1) ≤ points for the largest n, then correct the floating-point estimate.
        int n = (int) Math.floor((1 + Math.sqrt(1 + points / 12.5)) / 2);
        while (pointsFor(n + 1) <= points) {
            n++;
        }
        while (n > 1 && pointsFor(n) > points) {
            n--;
        }
        return n;
    }
}
