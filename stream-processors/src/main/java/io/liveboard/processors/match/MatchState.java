package io.liveboard.processors.match;

import java.util.ArrayList;
import java.util.List;

/** The sessions of one match (store {@value MatchProcessor#STORE}, key match id, JSON). */
public final class MatchState {

    /** The app of the first session; standings order by its primary metric. */
    public String app;
    /** Record time of the last change, for expiring abandoned matches. */
    public long lastChangeAt;
    public List<Competitor> competitors = new ArrayList<>();

    public MatchState() {
    }

    /** A session in the match, with its latest metrics. */
    public static final class Competitor {
        public String sessionId;
        public long userId;
        public String username;
        public Double wpm;
        public Double accuracy;
        public Double score;
        public Double comprehension;
        public long elapsedMs;
        public boolean finished;
        /** Order of joining, the last tie-break. */
        public int joinOrder;

        public Competitor() {
        }
    }
}
