package io.liveboard.processors.streak;

import java.util.List;

import io.liveboard.processors.streak.StreakState.Run;

/** Adding a day to sorted runs. Pure, so the gap-filling rules are tested without Kafka. */
final class StreakRuns {

    private StreakRuns() {
    }

    /**
     * Adds {@code day}; returns null when it was already counted, else the run now holding it and the
     * longest of the runs it joined (0 for a lone new day), which is what decides which milestones this
     * day made the run reach.
     */
    static Added add(List<Run> runs, long day) {
        int i = 0;
        while (i < runs.size() && runs.get(i).end() < day - 1) {
            i++;
        }
        // runs[i] is the first run that ends at day-1 or later.
        Run left = null;
        Run right = null;
        if (i < runs.size()) {
            Run r = runs.get(i);
            if (r.start() <= day && day <= r.end()) {
                return null;
            }
            if (r.end() == day - 1) {
                left = r;
                if (i + 1 < runs.size() && runs.get(i + 1).start() == day + 1) {
                    right = runs.get(i + 1);
                }
            } else if (r.start() == day + 1) {
                right = r;
            }
        }
        long start = left != null ? left.start() : day;
        long end = right != null ? right.end() : day;
        Run merged = new Run(start, end);
        int joined = Math.max(left != null ? left.length() : 0, right != null ? right.length() : 0);
        if (left != null) {
            runs.remove(i);
            if (right != null) {
                runs.remove(i);
            }
        } else if (right != null) {
            runs.remove(i);
        }
        runs.add(i, merged);
        return new Added(merged, joined);
    }

    record Added(Run run, int longestJoined) {
    }
}
