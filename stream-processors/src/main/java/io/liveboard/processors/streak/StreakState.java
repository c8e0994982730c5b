package io.liveboard.processors.streak;

import java.util.ArrayList;
import java.util.List;

/**
 * A user's practice days as runs of consecutive days (store value, JSON): compact, and a late day that
 * fills a gap simply joins two runs. Days are epoch days of the calendar date in the zone of the event
 * that counted them.
 */
public final class StreakState {

    /** Disjoint, non-adjacent runs sorted by start; at most {@link Streaks#MAX_RUNS} (the oldest go first). */
    public List<Run> runs = new ArrayList<>();
    /** The longest run the user ever had: streak achievements unlock when it first reaches 7, 30, 100. */
    public int longestEver;

    public StreakState() {
    }

    /** Days {@code start..end} inclusive. */
    public record Run(long start, long end) {
        public int length() {
            return (int) (end - start + 1);
        }
    }
}
