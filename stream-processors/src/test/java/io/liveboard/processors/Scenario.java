package io.liveboard.processors;

import java.time.Instant;
import java.util.UUID;

import io.liveboard.catalog.App;
import io.liveboard.events.LearningEvent;
import io.liveboard.events.SessionEnded;
import io.liveboard.testing.Events;

/** Short-hands for test scenarios: a user's complete session is a start and a completed end. */
public final class Scenario {

    private Scenario() {
    }

    /** started + completed events of one session, both at {@code at}. */
    public static LearningEvent[] session(long user, App app, String at, String sessionId, double value, int points) {
        Events.Builder b = Events.user(user, "u" + user).app(app).at(at);
        return new LearningEvent[] {b.started(sessionId), b.completed(sessionId, value, points)};
    }

    public static LearningEvent[] session(long user, App app, String at, String sessionId, double value, int points,
                                          String zone) {
        Events.Builder b = Events.user(user, "u" + user).app(app).at(at).zone(zone);
        return new LearningEvent[] {b.started(sessionId), b.completed(sessionId, value, points)};
    }

    public static LearningEvent withId(LearningEvent e, String id) {
        return LearningEvent.newBuilder(e).setEventId(id).build();
    }

    public static String id() {
        return UUID.randomUUID().toString();
    }

    public static LearningEvent ended(long user, App app, String at, SessionEnded payload) {
        return Events.user(user, "u" + user).app(app).at(Instant.parse(at)).ended(payload);
    }
}
