package io.liveboard.simulator;

import java.time.Instant;
import java.util.SplittableRandom;

import io.liveboard.catalog.App;
import io.liveboard.events.LearningEvent;
import io.liveboard.events.ScoreUpdated;
import io.liveboard.events.SessionEnded;
import io.liveboard.events.SessionStarted;

/**
 * One practice session from start to end: its plan (mode, length, the learner's result for the day) and
 * the events it emits one at a time: session.started, score.updated at the app's pace, session.ended.
 * Objects are reused for the next session (allocation-light at high rates).
 */
final class Session {

    /** Live progress updates come about this often, per app (ms). */
    static final long TYPING_INTERVAL = 2_000;
    static final long READING_INTERVAL = 10_000;
    static final long PIANO_INTERVAL = 2_500;
    /** Live sessions still running after this long end, given up. */
    static final long MAX_LIVE_MS = 4 * 3_600_000L;

    User user;
    App app;
    String sessionId;
    String matchId;
    String mode;
    /** Planned score updates; the session ends after them (or at {@link #abandonAt}). */
    int steps;
    /** Index of the update replaced by an early end (completed=false), or -1. */
    int abandonAt;
    /** -1: not started; 0..steps-1: the next update; steps: the end is next. */
    int step;
    boolean condensed;
    boolean done;
    /** Events emitted so far (ids of back-dated events are derived from it). */
    int emitted;
    // Back-dated sessions only: which session of which local day, and their own random stream.
    int ordinal;
    long day;
    SplittableRandom random;
    long plannedMs;
    long intervalMs;
    long startMs;
    long nextDueMs;

    // The learner's result for this session, decided at planning.
    double finalWpm;
    double finalAccuracy;
    double finalScore;
    double correctChance;
    int questions;
    int answered;
    int correct;

    // What the last update showed (an abandoned session reports it).
    Double shownWpm;
    Double shownAccuracy;
    Double shownScore;

    /** Plans a session for {@code user}; a match passes the same {@code format} to every competitor. */
    Session plan(User user, App app, Format format, String sessionId, String matchId, boolean condensed,
                 SplittableRandom r) {
        this.user = user;
        this.app = app;
        this.sessionId = sessionId;
        this.matchId = matchId;
        this.mode = format.mode;
        this.condensed = condensed;
        this.done = false;
        this.emitted = 0;
        this.step = -1;
        this.startMs = 0;
        this.nextDueMs = 0;
        this.answered = 0;
        this.correct = 0;
        this.shownWpm = null;
        this.shownAccuracy = null;
        this.shownScore = null;
        double better = user.improvement;
        switch (app) {
            case TYPING -> {
                intervalMs = TYPING_INTERVAL;
                plannedMs = format.plannedMs;
                steps = (int) (plannedMs / intervalMs) - 1;
                finalWpm = round1(User.clamp(user.typingWpm * (1 + 0.5 * better) * Math.exp(0.05 * r.nextGaussian()), 10, 220));
                finalAccuracy = r.nextDouble() < user.perfectChance ? 100.0
                        : round1(User.clamp(user.typingAccuracy + 5 * better + 1.6 * r.nextGaussian(), 60, 99.9));
            }
            case MATH -> {
                questions = format.questions;
                intervalMs = Math.round(user.mathSecondsPerQuestion * 1000 * format.pace * (1 - better));
                steps = questions;
                plannedMs = questions * intervalMs + 1_500;
                correctChance = 1 - (1 - user.mathCorrect) * (1 - better);
            }
            case READING -> {
                intervalMs = READING_INTERVAL;
                plannedMs = format.plannedMs;
                steps = (int) (plannedMs / intervalMs) - 1;
                questions = format.questions;
                finalWpm = round1(User.clamp(user.readingWpm * (1 + 0.5 * better) * Math.exp(0.08 * r.nextGaussian()), 80, 390));
                correctChance = 1 - (1 - user.readingCorrect) * (1 - better);
            }
            case PIANO -> {
                intervalMs = PIANO_INTERVAL;
                plannedMs = format.plannedMs;
                steps = (int) (plannedMs / intervalMs) - 1;
                double hit = User.clamp(1 - (1 - user.pianoHit) * (1 - better) + 0.02 * r.nextGaussian(), 0.3, 1);
                finalAccuracy = round1(hit * 100);
                finalScore = Math.round(User.clamp(10_000 * hit * hit * user.pianoTempo
                        * Math.exp(0.02 * r.nextGaussian()), 0, 10_000));
            }
        }
        if (condensed) {
            // Back-dated sessions: the start, one update half-way, the end. Enough for streaks and boards.
            steps = 1;
        }
        double quit = matchId == null ? 0.08 : 0.03;
        abandonAt = r.nextDouble() < quit ? r.nextInt(steps) : -1;
        return this;
    }

    /** The next event of this session at {@code now}; schedules the one after it in {@link #nextDueMs}. */
    LearningEvent emit(long now, String eventId, SplittableRandom r) {
        emitted++;
        Object payload;
        if (step < 0) {
            startMs = now;
            step = 0;
            payload = new SessionStarted(sessionId, mode, matchId);
            nextDueMs = now + (condensed ? plannedMs / 2 : jitter(intervalMs, r));
        } else if (!condensed && now - startMs > MAX_LIVE_MS && abandonAt != step) {
            // A very low rate stretches sessions: past a few hours, the learner has given up (and events
            // stay within the validator's 24-hour bound on elapsed_ms).
            abandonAt = step;
            payload = end(now, r);
            done = true;
        } else if (step < steps && step != abandonAt) {
            payload = update(now, r);
            step++;
            if (condensed) {
                nextDueMs = startMs + plannedMs;
            } else {
                long remaining = step == steps ? Math.max(1_000, plannedMs - steps * intervalMs) : intervalMs;
                nextDueMs = now + jitter(remaining, r);
            }
        } else {
            payload = end(now, r);
            done = true;
        }
        return new LearningEvent(eventId, user.boxedId, user.username, app.id(), Instant.ofEpochMilli(now),
                user.timezone, payload);
    }

    boolean completes() {
        return abandonAt < 0;
    }

    private ScoreUpdated update(long now, SplittableRandom r) {
        long elapsed = now - startMs;
        double p = condensed ? 0.5 : (double) (step + 1) / (steps + 1);
        switch (app) {
            case TYPING -> {
                shownWpm = round1(User.clamp(finalWpm * (0.9 + 0.1 * p) * (1 + 0.06 * (1 - p) * r.nextGaussian()), 0, 400));
                shownAccuracy = round1(User.clamp(finalAccuracy + 2 * (1 - p) * r.nextGaussian(), 0, 100));
                return new ScoreUpdated(sessionId, shownWpm, shownAccuracy, null, null, round3(p), elapsed);
            }
            case MATH -> {
                int target = condensed ? Math.max(1, questions / 2) : step + 1;
                answer(target, r);
                shownAccuracy = round1(100.0 * correct / answered);
                shownScore = (double) (correct * 10);
                return new ScoreUpdated(sessionId, null, shownAccuracy, shownScore, null,
                        round3((double) answered / questions), elapsed);
            }
            case READING -> {
                shownWpm = round1(User.clamp(finalWpm * (1 + 0.06 * r.nextGaussian()), 0, 400));
                return new ScoreUpdated(sessionId, shownWpm, null, null, null, round3(p), elapsed);
            }
            default -> {
                shownScore = (double) Math.round(User.clamp(finalScore * p * (1 + 0.03 * r.nextGaussian()), 0, 10_000));
                shownAccuracy = round1(User.clamp(finalAccuracy + 3 * (1 - p) * r.nextGaussian(), 0, 100));
                return new ScoreUpdated(sessionId, null, shownAccuracy, shownScore, null, round3(p), elapsed);
            }
        }
    }

    private SessionEnded end(long now, SplittableRandom r) {
        long duration = now - startMs;
        if (!completes()) {
            Double comprehension = null;
            Double accuracy = shownAccuracy;
            Double score = shownScore;
            if (app == App.MATH && answered == 0) {
                accuracy = null;
                score = null;
            }
            return new SessionEnded(sessionId, shownWpm, accuracy, comprehension, score, duration, false, 0);
        }
        double minutes = plannedMs / 60_000.0;
        return switch (app) {
            case TYPING -> new SessionEnded(sessionId, finalWpm, finalAccuracy, null, null, duration, true,
                    points(5 + finalWpm * finalAccuracy / 100 * minutes * 0.4));
            case MATH -> {
                answer(questions, r);
                double accuracy = round1(100.0 * correct / questions);
                yield new SessionEnded(sessionId, null, accuracy, null, (double) (correct * 10), duration, true,
                        points(2 * correct + (correct == questions ? 10 : 0)));
            }
            case READING -> {
                int right = 0;
                for (int i = 0; i < questions; i++) {
                    right += r.nextDouble() < correctChance ? 1 : 0;
                }
                double comprehension = round1(100.0 * right / questions);
                yield new SessionEnded(sessionId, finalWpm, null, comprehension, null, duration, true,
                        points(5 + comprehension / 10 + 2 * minutes));
            }
            case PIANO -> new SessionEnded(sessionId, null, finalAccuracy, null, finalScore, duration, true,
                    points(5 + finalScore / 400));
        };
    }

    private void answer(int upTo, SplittableRandom r) {
        while (answered < upTo) {
            answered++;
            correct += r.nextDouble() < correctChance ? 1 : 0;
        }
    }

    private static int points(double value) {
        return (int) Math.min(10_000, Math.round(value));
    }

    private static long jitter(long ms, SplittableRandom r) {
        return Math.round(ms * (0.8 + 0.4 * r.nextDouble()));
    }

    static double round1(double v) {
        return Math.round(v * 10) / 10.0;
    }

    static double round3(double v) {
        return Math.round(v * 1000) / 1000.0;
    }

    /** How a session is played: shared by every competitor of a match. */
    static final class Format {
        final String mode;
        final long plannedMs;
        final int questions;
        final double pace;

        private Format(String mode, long plannedMs, int questions, double pace) {
            this.mode = mode;
            this.plannedMs = plannedMs;
            this.questions = questions;
            this.pace = pace;
        }

        /** A format for {@code app}: the apps' usual modes, or the match mode when {@code match}. */
        static Format choose(App app, boolean match, SplittableRandom r) {
            double d = r.nextDouble();
            return switch (app) {
                case TYPING -> match ? new Format("race", 60_000, 0, 1)
                        : d < 0.45 ? new Format("test-60s", 60_000, 0, 1)
                        : d < 0.65 ? new Format("test-30s", 30_000, 0, 1)
                        : new Format("practice", 120_000 + 1_000L * r.nextInt(181), 0, 1);
                case MATH -> match ? new Format("duel", 0, 15, 1)
                        : d < 0.45 ? new Format("drill", 0, 20, 1)
                        : d < 0.8 ? new Format("quiz", 0, 10, 1)
                        : new Format("sprint", 0, 30, 0.6);
                case READING -> match ? new Format("race", 180_000, 10, 1)
                        : d < 0.6 ? new Format("article", 180_000 + 1_000L * r.nextInt(301), 10, 1)
                        : new Format("story", 120_000 + 1_000L * r.nextInt(181), d < 0.8 ? 8 : 12, 1);
                case PIANO -> match ? new Format("duel", 90_000, 0, 1)
                        : d < 0.4 ? new Format("piece", 60_000 + 1_000L * r.nextInt(121), 0, 1)
                        : d < 0.75 ? new Format("lesson", 120_000 + 1_000L * r.nextInt(121), 0, 1)
                        : new Format("scales", 45_000 + 1_000L * r.nextInt(46), 0, 1);
            };
        }
    }
}
