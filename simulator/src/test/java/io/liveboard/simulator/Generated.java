package io.liveboard.simulator;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.liveboard.events.LearningEvent;
import io.liveboard.events.ScoreUpdated;
import io.liveboard.events.SessionEnded;
import io.liveboard.events.SessionStarted;

/** Generated events and ways to look at them in tests. */
final class Generated {

    static final long START = Instant.parse("2026-11-26T10:00:00Z").toEpochMilli();

    private Generated() {
    }

    /** {@code count} live events, one every {@code stepMicros} of simulated time. */
    static List<LearningEvent> live(long seed, int users, int count, long stepMicros) {
        LiveTraffic traffic = new LiveTraffic(Population.create(seed, users, 1, 0), seed, 7, START);
        List<LearningEvent> events = new ArrayList<>(count);
        long micros = START * 1000;
        for (int i = 0; i < count; i++) {
            micros += stepMicros;
            events.add(traffic.next(micros / 1000));
        }
        return events;
    }

    static String sessionId(LearningEvent e) {
        Object p = e.getPayload();
        if (p instanceof SessionStarted s) {
            return s.getSessionId();
        }
        if (p instanceof ScoreUpdated s) {
            return s.getSessionId();
        }
        return ((SessionEnded) p).getSessionId();
    }

    static Map<String, List<LearningEvent>> bySession(List<LearningEvent> events) {
        Map<String, List<LearningEvent>> sessions = new LinkedHashMap<>();
        for (LearningEvent e : events) {
            sessions.computeIfAbsent(sessionId(e), k -> new ArrayList<>()).add(e);
        }
        return sessions;
    }

    static List<SessionEnded> completed(List<LearningEvent> events, String app) {
        List<SessionEnded> result = new ArrayList<>();
        for (LearningEvent e : events) {
            if (e.getApp().equals(app) && e.getPayload() instanceof SessionEnded end && end.getCompleted()) {
                result.add(end);
            }
        }
        return result;
    }
}
