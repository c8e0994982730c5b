package io.liveboard.simulator;

/** What a generator produced so far; written by its one thread, published as {@link SimulatorStats}. */
final class Counters {
    long events;
    long sessionsStarted;
    long sessionsCompleted;
    long sessionsAbandoned;
    long matches;

    /** Counts the event a session just emitted. */
    void count(Session session) {
        events++;
        if (session.emitted == 1) {
            sessionsStarted++;
        }
        if (session.done) {
            if (session.completes()) {
                sessionsCompleted++;
            } else {
                sessionsAbandoned++;
            }
        }
    }
}
