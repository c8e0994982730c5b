package io.liveboard.simulator;

import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.util.BitSet;

import io.liveboard.catalog.App;

/**
 * One simulated learner: identity, time zone, practice habit, and latent skill per app. Mutable only in
 * {@link #improvement} (practice makes better) and is touched by one generator thread.
 */
final class User {

    /** How a learner practises: decides the back-dated history and how often they show up live. */
    enum Habit {
        /** Practises every day: long streaks, the top performers and a few over 100 days. */
        DEVOTED,
        /** A current streak of days to weeks, gaps before it. */
        REGULAR,
        /** Some days, with gaps; a streak only by chance. */
        CASUAL,
        /** No history: starts today. */
        NEW
    }

    final int index;
    final long id;
    final Long boxedId;
    final String username;
    final String timezone;
    final ZoneId zone;
    /** The Kafka key: the user id as UTF-8, encoded once. */
    final byte[] key;
    final Habit habit;
    final boolean top;
    final App favourite;
    /** Local minute of day around which this user practises. */
    final int practiceMinute;
    /** Bit k set: practised k days before today (k = 1 is yesterday), in the user's zone. */
    final BitSet practiceDays;

    // Skill, as the metrics it shows in.
    final double typingWpm;
    final double typingAccuracy;
    final double perfectChance;
    final double mathCorrect;
    final double mathSecondsPerQuestion;
    final double readingCorrect;
    final double readingWpm;
    final double pianoHit;
    final double pianoTempo;

    /**
     * Practice makes better: grows with the log of completed sessions (fast at first, then slowly, up to
     * MAX_IMPROVEMENT), so personal bests keep moving and close rivals keep overtaking each other.
     */
    double improvement;
    private int completed;
    static final double MAX_IMPROVEMENT = 0.3;

    User(int index, long id, String username, String timezone, Habit habit, boolean top, App favourite,
         int practiceMinute, BitSet practiceDays, double[] skill) {
        this.index = index;
        this.id = id;
        this.boxedId = id;
        this.username = username;
        this.timezone = timezone;
        this.zone = ZoneId.of(timezone);
        this.key = Long.toString(id).getBytes(StandardCharsets.UTF_8);
        this.habit = habit;
        this.top = top;
        this.favourite = favourite;
        this.practiceMinute = practiceMinute;
        this.practiceDays = practiceDays;
        double t = skill[0];
        double m = skill[1];
        double r = skill[2];
        double p = skill[3];
        this.typingWpm = clamp(55 * Math.exp(0.42 * t), 20, 150);
        this.typingAccuracy = clamp(100 - 5.5 * Math.exp(-0.45 * t), 78, 99.6);
        this.perfectChance = 0.01 + 0.10 * clamp((typingAccuracy - 94) / 5.6, 0, 1);
        this.mathCorrect = clamp(1 - 0.15 * Math.exp(-0.55 * m), 0.4, 0.995);
        this.mathSecondsPerQuestion = clamp(7 * Math.exp(-0.3 * m), 2.5, 14);
        this.readingCorrect = clamp(1 - 0.25 * Math.exp(-0.5 * r), 0.35, 0.99);
        this.readingWpm = clamp(230 * Math.exp(0.25 * r), 100, 380);
        this.pianoHit = clamp(1 - 0.2 * Math.exp(-0.5 * p), 0.45, 0.995);
        this.pianoTempo = clamp(0.85 + 0.05 * p, 0.7, 1.0);
    }

    /** Consecutive practised days ending yesterday, as the history was planned. */
    int plannedStreak() {
        int k = 1;
        while (practiceDays.get(k)) {
            k++;
        }
        return k - 1;
    }

    void completedSession() {
        completed++;
        improvement = Math.min(MAX_IMPROVEMENT, 0.05 * Math.log1p(completed / 25.0));
    }

    static double clamp(double v, double lo, double hi) {
        return v < lo ? lo : (v > hi ? hi : v);
    }

    @Override
    public String toString() {
        return username + "#" + id;
    }
}
