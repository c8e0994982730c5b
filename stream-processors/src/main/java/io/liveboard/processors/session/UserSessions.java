package io.liveboard.processors.session;

import java.util.ArrayList;
import java.util.List;

/**
 * The sessions of one user (store value, JSON): open sessions oldest first, at most
 * {@link Sessions#MAX_PER_USER}, and the ids of the last {@link Sessions#MAX_ENDED_IDS} ended ones (all
 * an ended session still needs, to reject a second end). Small, because every event reads and writes it.
 */
public final class UserSessions {

    public List<SessionState> sessions = new ArrayList<>();
    public List<String> endedIds = new ArrayList<>();

    public UserSessions() {
    }

    SessionState find(String sessionId) {
        for (SessionState s : sessions) {
            if (s.sessionId.equals(sessionId)) {
                return s;
            }
        }
        return null;
    }
}
