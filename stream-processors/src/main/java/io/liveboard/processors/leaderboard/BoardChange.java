package io.liveboard.processors.leaderboard;

import io.liveboard.processors.output.StageOutput;

/**
 * A user's current value in a category after one of their completed sessions (repartitioned by
 * category). Sent for every completed session that counts in the category, also when the value did not
 * change, because rank velocity is sampled per session.
 *
 * @param reachedAt event time (epoch ms) the user first reached {@code value}: the tie-break
 */
public record BoardChange(String category, long userId, String username, double value, long reachedAt,
                          String causeEventId, long occurredAt) implements StageOutput {

    @Override
    public String routingKey() {
        return category;
    }
}
