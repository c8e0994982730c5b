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
    /** The user's rank right after their previous session in this category. */
    public Integer rankAtLastSession;
    /** Rank changes between consecutive sessions (positive = up), newest last, at most 5. */
    public List<Integer> sessionChanges = new ArrayList<>();

    public BoardEntry() {
    }

    /** Average rank change per session over the last (up to) 5 sessions; 0 before the second session. */
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
