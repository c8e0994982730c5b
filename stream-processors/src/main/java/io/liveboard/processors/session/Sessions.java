package io.liveboard.processors.session;

import java.util.List;

import io.liveboard.catalog.Channel;
import io.liveboard.catalog.Topic;
import io.liveboard.events.EventIds;
import io.liveboard.events.LearningEvent;
import io.liveboard.events.ProgressTrend;
import io.liveboard.events.ProgressUpdate;
import io.liveboard.events.ScoreUpdated;
import io.liveboard.events.SessionEnded;
import io.liveboard.events.SessionStarted;
import io.liveboard.processors.deadletter.RejectedEvent;
import io.liveboard.processors.match.MatchChange;
import io.liveboard.processors.output.Emitted;
import io.liveboard.processors.output.StageOutput;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Session lifecycle and live progress of each user (store {@value #STORE}, key user id).
 * <ul>
 *   <li>{@code score.updated} becomes {@code progress.update} on {@code user:{id}:progress} and
 *   {@code session:{id}:live} with a trend: change since the previous update and the mean of the last
 *   {@value #TREND_WINDOW} values. An update older than one already seen (smaller {@code elapsed_ms}) is
 *   stale and dropped, so a session's live view only moves forward.</li>
 *   <li>{@code session.ended} counts only for a started session, once: an end without a start or a second
 *   end is rejected (dead letter), so a session can never be completed twice.</li>
 *   <li>Sessions in a match tell the match stage about every change.</li>
 * </ul>
 * At most {@value #MAX_PER_USER} open sessions are kept per user (beyond that the oldest is forgotten) and
 * the ids of the last {@value #MAX_ENDED_IDS} ended ones.
 */
public final class Sessions {

    public static final String STORE = "sessions";
    static final int MAX_PER_USER = 20;
    static final int MAX_ENDED_IDS = 50;
    static final int TREND_WINDOW = 5;
    private static final String STAGE = "sessions";

    private final KeyValueStore<String, UserSessions> store;

    public Sessions(KeyValueStore<String, UserSessions> store) {
        this.store = store;
    }

    public void started(LearningEvent event, SessionStarted started, List<StageOutput> out) {
        String key = Long.toString(event.getUserId());
        UserSessions user = load(key);
        SessionState s = user.find(started.getSessionId());
        if ((s != null && s.started) || user.endedIds.contains(started.getSessionId())) {
            throw new RejectedEvent(STAGE, "session '" + started.getSessionId() + "' was already started");
        }
        if (s == null) {
            s = add(user, started.getSessionId(), event);
        }
        s.started = true;
        s.startedAt = event.getOccurredAt().toEpochMilli();
        s.matchId = started.getMatchId();
        s.app = event.getApp();
        store.put(key, user);
        if (s.matchId != null) {
            out.add(matchChange(event, s, event.getEventId()));
        }
    }

    public void scoreUpdated(LearningEvent event, ScoreUpdated update, List<StageOutput> out) {
        String key = Long.toString(event.getUserId());
        UserSessions user = load(key);
        if (user.endedIds.contains(update.getSessionId())) {
            return;
        }
        SessionState s = user.find(update.getSessionId());
        if (s == null) {
            s = add(user, update.getSessionId(), event);
        } else if (update.getElapsedMs() < s.lastElapsedMs) {
            return;
        }
        Double wpmChange = change(update.getWpm(), s.wpm);
        Double accuracyChange = change(update.getAccuracy(), s.accuracy);
        Double scoreChange = change(update.getScore(), s.score);
        push(s.recentWpm, update.getWpm());
        push(s.recentAccuracy, update.getAccuracy());
        push(s.recentScore, update.getScore());
        s.wpm = update.getWpm();
        s.accuracy = update.getAccuracy();
        s.score = update.getScore();
        s.comprehension = update.getComprehension();
        s.lastElapsedMs = update.getElapsedMs();
        store.put(key, user);

        ProgressTrend trend = ProgressTrend.newBuilder()
                .setWpmChange(wpmChange).setAccuracyChange(accuracyChange).setScoreChange(scoreChange)
                .setWpmAverage(mean(s.recentWpm, update.getWpm()))
                .setAccuracyAverage(mean(s.recentAccuracy, update.getAccuracy()))
                .setScoreAverage(mean(s.recentScore, update.getScore()))
                .build();
        ProgressUpdate progress = ProgressUpdate.newBuilder()
                .setEventId(EventIds.derive("progress.update", event.getEventId()))
                .setUserId(event.getUserId()).setUsername(event.getUsername())
                .setSessionId(update.getSessionId()).setApp(event.getApp())
                .setCurrentWpm(update.getWpm()).setCurrentAccuracy(update.getAccuracy())
                .setCurrentScore(update.getScore()).setCurrentComprehension(update.getComprehension())
                .setProgress(update.getProgress())
                .setSessionDuration(update.getElapsedMs() / 1000).setElapsedMs(update.getElapsedMs())
                .setTrend(trend).setTimestamp(event.getOccurredAt())
                .build();
        out.add(Emitted.of(Topic.USER_UPDATES, key, progress,
                List.of(Channel.userProgress(event.getUserId()), Channel.sessionLive(update.getSessionId()))));
        if (s.matchId != null) {
            out.add(matchChange(event, s, event.getEventId()));
        }
    }

    /** Marks the session ended; throws {@link RejectedEvent} (before writing anything) when it may not end. */
    public void ended(LearningEvent event, SessionEnded ended, List<StageOutput> out) {
        String key = Long.toString(event.getUserId());
        UserSessions user = load(key);
        if (user.endedIds.contains(ended.getSessionId())) {
            throw new RejectedEvent(STAGE, "session '" + ended.getSessionId() + "' already ended");
        }
        SessionState s = user.find(ended.getSessionId());
        if (s == null || !s.started) {
            throw new RejectedEvent(STAGE, "session.ended for session '" + ended.getSessionId()
                    + "' without session.started");
        }
        s.ended = true;
        if (ended.getWpm() != null) {
            s.wpm = ended.getWpm();
        }
        if (ended.getAccuracy() != null) {
            s.accuracy = ended.getAccuracy();
        }
        if (ended.getScore() != null) {
            s.score = ended.getScore();
        }
        if (ended.getComprehension() != null) {
            s.comprehension = ended.getComprehension();
        }
        s.lastElapsedMs = Math.max(s.lastElapsedMs, ended.getDurationMs());
        user.sessions.remove(s);
        user.endedIds.add(s.sessionId);
        while (user.endedIds.size() > MAX_ENDED_IDS) {
            user.endedIds.remove(0);
        }
        store.put(key, user);
        if (s.matchId != null) {
            out.add(matchChange(event, s, event.getEventId()));
        }
    }

    private UserSessions load(String key) {
        UserSessions user = store.get(key);
        return user != null ? user : new UserSessions();
    }

    private static SessionState add(UserSessions user, String sessionId, LearningEvent event) {
        if (user.sessions.size() >= MAX_PER_USER) {
            user.sessions.remove(0);
        }
        SessionState s = new SessionState();
        s.sessionId = sessionId;
        s.app = event.getApp();
        s.startedAt = event.getOccurredAt().toEpochMilli();
        user.sessions.add(s);
        return s;
    }

    private static MatchChange matchChange(LearningEvent event, SessionState s, String cause) {
        return new MatchChange(s.matchId, event.getUserId(), event.getUsername(), s.sessionId, s.app,
                s.wpm, s.accuracy, s.score, s.comprehension, Math.max(0, s.lastElapsedMs), s.ended, cause,
                event.getOccurredAt().toEpochMilli());
    }

    private static Double change(Double current, Double previous) {
        return current == null || previous == null ? null : current - previous;
    }

    private static void push(List<Double> recent, Double value) {
        if (value != null) {
            recent.add(value);
            while (recent.size() > TREND_WINDOW) {
                recent.remove(0);
            }
        }
    }

    private static Double mean(List<Double> recent, Double current) {
        if (current == null || recent.isEmpty()) {
            return null;
        }
        double sum = 0;
        for (double v : recent) {
            sum += v;
        }
        return sum / recent.size();
    }
}
