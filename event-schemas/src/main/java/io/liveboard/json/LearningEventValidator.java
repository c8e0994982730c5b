package io.liveboard.json;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Optional;
import java.util.regex.Pattern;

import io.liveboard.catalog.App;
import io.liveboard.catalog.Channel;
import io.liveboard.catalog.Metric;
import io.liveboard.events.LearningEvent;
import io.liveboard.events.ScoreUpdated;
import io.liveboard.events.SessionEnded;
import io.liveboard.events.SessionStarted;

/**
 * The semantic rules an input event must meet, shared by {@code liveboard produce} (reject before
 * sending) and the stream processors (dead-letter what got through anyway). Pure: no clock, so a replay
 * judges every event as the first run did.
 */
public final class LearningEventValidator {

    public static final double MAX_WPM = 400;
    public static final double MAX_PERCENT = 100;
    public static final double MAX_SCORE = 10_000_000;
    public static final long MAX_SESSION_MS = 24L * 60 * 60 * 1000;
    public static final int MAX_POINTS = 10_000;
    public static final int MAX_USERNAME_LENGTH = 64;
    public static final int MAX_MODE_LENGTH = 32;
    static final Instant EARLIEST = Instant.parse("2000-01-01T00:00:00Z");
    static final Instant LATEST = Instant.parse("2100-01-01T00:00:00Z");
    private static final Pattern UUID = Pattern.compile(
            "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    private LearningEventValidator() {
    }

    /** The first rule the event breaks, or empty when it is valid. */
    public static Optional<String> violation(LearningEvent event) {
        try {
            check(event);
            return Optional.empty();
        } catch (InvalidEventException e) {
            return Optional.of(e.getMessage());
        }
    }

    /** Throws {@link InvalidEventException} naming the first rule the event breaks. */
    public static void check(LearningEvent event) {
        require(event.getEventId() != null && UUID.matcher(event.getEventId()).matches(),
                "event_id must be a UUID");
        require(event.getUserId() > 0, "user_id must be a positive integer");
        String username = event.getUsername();
        require(username != null && !username.isBlank() && username.length() <= MAX_USERNAME_LENGTH
                && username.chars().noneMatch(Character::isISOControl),
                "username must be 1-" + MAX_USERNAME_LENGTH + " printable characters");
        App app = App.byId(event.getApp()).orElseThrow(() -> new InvalidEventException(
                "unknown app '" + event.getApp() + "' (typing, math, reading, piano)"));
        Instant at = event.getOccurredAt();
        require(at != null && !at.isBefore(EARLIEST) && at.isBefore(LATEST),
                "occurred_at must be between 2000 and 2100");
        if (event.getTimezone() != null) {
            try {
                ZoneId.of(event.getTimezone());
            } catch (DateTimeException e) {
                throw new InvalidEventException("unknown timezone '" + event.getTimezone() + "' (an IANA zone such as Europe/Paris)");
            }
        }
        Object payload = event.getPayload();
        if (payload instanceof SessionStarted started) {
            checkSessionId("session_id", started.getSessionId());
            if (started.getMatchId() != null) {
                checkSessionId("match_id", started.getMatchId());
            }
            require(started.getMode() != null && !started.getMode().isBlank()
                    && started.getMode().length() <= MAX_MODE_LENGTH, "mode must be 1-" + MAX_MODE_LENGTH + " characters");
        } else if (payload instanceof ScoreUpdated score) {
            checkSessionId("session_id", score.getSessionId());
            checkRange("wpm", score.getWpm(), MAX_WPM);
            checkRange("accuracy", score.getAccuracy(), MAX_PERCENT);
            checkRange("score", score.getScore(), MAX_SCORE);
            checkRange("comprehension", score.getComprehension(), MAX_PERCENT);
            checkRange("progress", score.getProgress(), 1);
            require(score.getElapsedMs() >= 0 && score.getElapsedMs() <= MAX_SESSION_MS,
                    "elapsed_ms must be between 0 and 24 hours");
        } else if (payload instanceof SessionEnded ended) {
            checkSessionId("session_id", ended.getSessionId());
            checkRange("wpm", ended.getWpm(), MAX_WPM);
            checkRange("accuracy", ended.getAccuracy(), MAX_PERCENT);
            checkRange("comprehension", ended.getComprehension(), MAX_PERCENT);
            checkRange("score", ended.getScore(), MAX_SCORE);
            require(ended.getDurationMs() >= 0 && ended.getDurationMs() <= MAX_SESSION_MS,
                    "duration_ms must be between 0 and 24 hours");
            require(ended.getPoints() >= 0 && ended.getPoints() <= MAX_POINTS,
                    "points must be between 0 and " + MAX_POINTS);
            if (ended.getCompleted()) {
                require(primaryMetric(app, ended) != null, "a completed " + app.id() + " session needs "
                        + app.primaryMetric().jsonName());
            }
        } else {
            throw new InvalidEventException("payload must be session.started, score.updated or session.ended");
        }
    }

    /** The value of the app's ranking metric in a final result, or null when absent. */
    public static Double primaryMetric(App app, SessionEnded ended) {
        return metric(app.primaryMetric(), ended);
    }

    public static Double metric(Metric metric, SessionEnded ended) {
        return switch (metric) {
            case WPM -> ended.getWpm();
            case ACCURACY -> ended.getAccuracy();
            case COMPREHENSION -> ended.getComprehension();
            case SCORE -> ended.getScore();
            case POINTS -> (double) ended.getPoints();
        };
    }

    private static void checkSessionId(String field, String id) {
        require(Channel.isValidSessionId(id), field + " must be 1-64 letters, digits, '.', '_' or '-'");
    }

    private static void checkRange(String field, Double value, double max) {
        if (value != null) {
            require(Double.isFinite(value) && value >= 0 && value <= max,
                    field + " must be between 0 and " + (max == Math.rint(max) ? Long.toString((long) max) : max)
                            + " (got " + value + ")");
        }
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new InvalidEventException(message);
        }
    }
}
