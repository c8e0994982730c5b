package io.liveboard.processors.leaderboard;

import java.util.ArrayList;
import java.util.List;

/**
 * A user's entry in one category (store {@value LeaderboardProcessor#ENTRIES_STORE}, key
 * {@code category/userId}, JSON): the value and tie-break time the rank index orders by, and the rank
 * samples velocity is computed from.
 */
public final class BoardEntry {

    public String username;
    public double value;
    public long reachedAt;
    /**
     * The rank change each of the user's last (up to 5) sessions in this category caused, newest last:
     * rank just before the session's update minus rank after (positive = up; 0 when the session did
     * not change the value). A session that entered the user into the ranking has no previous rank and
     * adds no sample.
     */
    public List<Integer> sessionChanges = new ArrayList<>();

    public BoardEntry() {
    }

    /** Velocity: the average rank change per session over the last (up to) 5 sessions; 0 without samples. */
    public double velocity() {
        if (sessionChanges.isEmpty()) {
            return 0.0;
        }
        double sum = 0;
        for (int c : sessionChanges) {
            sum += c;
        }
        return sum / sessionChanges.size();
    }
}
