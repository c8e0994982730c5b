package io.liveboard.processors.session;

import java.util.ArrayList;
import java.util.List;

/** One session of a user as the sessions store keeps it (JSON). Mutable: loaded, changed, stored back. */
public final class SessionState {

    public String sessionId;
    public String app;
    public String matchId;
    /** False when the session is only known from live updates (its start never arrived). */
    public boolean started;
    /** Set when the session ends, just before it leaves the store (its id stays in the ended ids). */
    public boolean ended;
    public long startedAt;
    public long lastElapsedMs = -1;
    public Double wpm;
    public Double accuracy;
    public Double score;
    public Double comprehension;
    /** Last values (newest last) of each metric, for the moving average of the trend. */
    public List<Double> recentWpm = new ArrayList<>();
    public List<Double> recentAccuracy = new ArrayList<>();
    public List<Double> recentScore = new ArrayList<>();

    public SessionState() {
    }
}
