package io.liveboard.processors.achievement;

import io.liveboard.processors.output.StageOutput;

/** A user now holds {@code rank} in a category (repartitioned by user id to the rank achievements). */
public record RankReached(long userId, String username, String category, int rank, String causeEventId,
                          long occurredAt) implements StageOutput {

    @Override
    public String routingKey() {
        return Long.toString(userId);
    }
}
