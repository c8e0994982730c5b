package io.liveboard.simulator;

import java.time.Duration;

/**
 * A snapshot of what a {@link Simulator} has done (refreshed about every 100 ms while it runs, exact once
 * it has stopped).
 *
 * @param historySkipped why no history was produced although days were asked for, or null
 * @param delivered      events the destination has taken (acknowledged by Kafka, or written)
 * @param liveElapsed    time since live traffic began
 */
public record SimulatorStats(Simulator.Phase phase, long historyEvents, long liveEvents, long delivered,
                             long sessionsStarted, long sessionsCompleted, long sessionsAbandoned, long matches,
                             int activeSessions, Duration liveElapsed, String historySkipped) {

    static final SimulatorStats NONE = new SimulatorStats(Simulator.Phase.NEW, 0, 0, 0, 0, 0, 0, 0, 0, Duration.ZERO, null);

    public long events() {
        return historyEvents + liveEvents;
    }

    /** Live events per second since live traffic began. */
    public double liveRate() {
        double seconds = liveElapsed.toNanos() / 1e9;
        return seconds > 0 ? liveEvents / seconds : 0;
    }
}
