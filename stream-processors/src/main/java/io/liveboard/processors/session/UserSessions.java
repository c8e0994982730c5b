package io.liveboard.processors.session;

import java.util.ArrayList;
import java.util.List;

/** The sessions of one user (store value, JSON), oldest first, at most {@link Sessions#MAX_PER_USER}. */
public final class UserSessions {

    public List<SessionState> sessions = new ArrayList<>();

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
