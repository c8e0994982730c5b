package io.liveboard.processors.match;

import io.liveboard.processors.output.StageOutput;

/**
 * What the user stage tells the match stage about one session of a match (repartitioned by match id).
 * Metrics are the session's latest; {@code finished} once the session ended.
 */
public record MatchChange(String matchId, long userId, String username, String sessionId, String app,
                          Double wpm, Double accuracy, Double score, Double comprehension, long elapsedMs,
                          boolean finished, String causeEventId, long occurredAt) implements StageOutput {

    @Override
    public String routingKey() {
        return matchId;
    }
}
