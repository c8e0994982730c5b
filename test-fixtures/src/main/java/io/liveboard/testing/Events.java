package io.liveboard.testing;

import java.time.Instant;
import java.util.UUID;

import java.util.function.Consumer;

import io.liveboard.catalog.App;
import io.liveboard.catalog.Metric;
import io.liveboard.events.LearningEvent;
import io.liveboard.events.ScoreUpdated;
import io.liveboard.events.SessionEnded;
import io.liveboard.events.SessionStarted;

/**
 * Builders of input events for tests:
 * {@code Events.user(42, "ada").app(App.TYPING).at("2026-11-26T10:00:00Z").completed("s-1", 91.0, 40)}.
 */
public final class Events {

    private Events() {
    }

    public static Builder user(long userId, String username) {
        return new Builder(userId, username);
    }

    /** Fluent and immutable: every setter returns a copy, so one base can make many events. */
    public static final class Builder {
        private final long userId;
        private final String username;
        private App app = App.TYPING;
        private Instant at = Instant.parse("2026-11-26T10:00:00Z");
        private String timezone;
        private String eventId;

        private Builder(long userId, String username) {
            this.userId = userId;
            this.username = username;
        }

        private Builder copy() {
            Builder b = new Builder(userId, username);
            b.app = app;
            b.at = at;
            b.timezone = timezone;
            b.eventId = eventId;
            return b;
        }

        public Builder app(App value) {
            Builder b = copy();
            b.app = value;
            return b;
        }

        public Builder at(Instant value) {
            Builder b = copy();
            b.at = value;
            return b;
        }

        public Builder at(String iso) {
            return at(Instant.parse(iso));
        }

        public Builder zone(String value) {
            Builder b = copy();
            b.timezone = value;
            return b;
        }

        /** A fixed event id (default: random), e.g. to deliver one event twice. */
        public Builder id(String value) {
            Builder b = copy();
            b.eventId = value;
            return b;
        }

        public LearningEvent started(String sessionId) {
            return started(sessionId, null);
        }

        public LearningEvent started(String sessionId, String matchId) {
            return event(SessionStarted.newBuilder().setSessionId(sessionId).setMode("practice").setMatchId(matchId)
                    .build());
        }

        /** A live update with the app's primary metric set to {@code value}. */
        public LearningEvent progress(String sessionId, long elapsedMs, double value) {
            ScoreUpdated.Builder b = ScoreUpdated.newBuilder().setSessionId(sessionId).setElapsedMs(elapsedMs);
            fillMetrics(value, b::setWpm, b::setAccuracy, b::setComprehension, b::setScore);
            return event(b.build());
        }

        public LearningEvent score(ScoreUpdated payload) {
            return event(payload);
        }

        /** A completed session with the app's primary metric set to {@code value}. */
        public LearningEvent completed(String sessionId, double value, int points) {
            SessionEnded.Builder b = SessionEnded.newBuilder().setSessionId(sessionId).setDurationMs(300_000)
                    .setCompleted(true).setPoints(points);
            fillMetrics(value, b::setWpm, b::setAccuracy, b::setComprehension, b::setScore);
            return event(b.build());
        }

        public LearningEvent abandoned(String sessionId) {
            return event(SessionEnded.newBuilder().setSessionId(sessionId).setDurationMs(60_000).setCompleted(false)
                    .setPoints(0).build());
        }

        public LearningEvent ended(SessionEnded payload) {
            return event(payload);
        }

        /** The app's primary metric gets {@code value}; accuracy a plausible default unless it is the metric. */
        private void fillMetrics(double value, Consumer<Double> wpm, Consumer<Double> accuracy,
                                 Consumer<Double> comprehension, Consumer<Double> score) {
            switch (app.primaryMetric()) {
                case WPM -> wpm.accept(value);
                case COMPREHENSION -> comprehension.accept(value);
                case SCORE -> score.accept(value);
                default -> { }
            }
            accuracy.accept(app.primaryMetric() == Metric.ACCURACY ? value : app == App.TYPING ? 95.0 : 90.0);
        }

        private LearningEvent event(Object payload) {
            return LearningEvent.newBuilder()
                    .setEventId(eventId != null ? eventId : UUID.randomUUID().toString())
                    .setUserId(userId).setUsername(username).setApp(app.id()).setOccurredAt(at)
                    .setTimezone(timezone).setPayload(payload).build();
        }
    }
}
