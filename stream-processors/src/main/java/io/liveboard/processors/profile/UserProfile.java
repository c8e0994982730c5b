package io.liveboard.processors.profile;

import java.util.HashMap;
import java.util.Map;

/**
 * What a user's completed sessions add up to (store {@value Profiles#STORE}, key user id, JSON): the
 * personal best of each best-of category, cumulative session points, and flags of one-off unlocks.
 */
public final class UserProfile {

    /** Best value per category id, with the event time it was first reached. */
    public Map<String, Best> bests = new HashMap<>();
    public long totalPoints;
    /** Event time the total reached its value: the latest occurred_at of the sessions that make it up. */
    public long totalReachedAt;
    public boolean perfectAccuracyUnlocked;

    public UserProfile() {
    }

    /** A personal best and when it was first reached (event time, epoch ms). */
    public record Best(double value, long reachedAt) {
    }
}
