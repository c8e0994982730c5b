package io.liveboard.processors.user;

import java.time.Duration;

import io.liveboard.catalog.Topic;
import io.liveboard.catalog.TopicCatalog;
import io.liveboard.processors.deadletter.DeadLetters;
import io.liveboard.processors.output.StageOutput;
import io.liveboard.processors.profile.Profiles;
import io.liveboard.processors.profile.UserProfile;
import io.liveboard.processors.session.Sessions;
import io.liveboard.processors.session.UserSessions;
import io.liveboard.processors.streak.StreakState;
import io.liveboard.processors.streak.Streaks;
import io.liveboard.processors.support.StoreBuilders;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;

/** Wires the per-user stage: learning-events (raw bytes) → {@link UserEventProcessor} and its stores. */
public final class UserStage {

    private UserStage() {
    }

    public static KStream<String, StageOutput> build(StreamsBuilder builder, TopicCatalog catalog,
                                                     DeadLetters deadLetters, Duration dedupeRetention,
                                                     boolean persistent) {
        builder.addStateStore(StoreBuilders.seenIds(UserEventProcessor.DEDUPE_STORE, dedupeRetention, persistent));
        builder.addStateStore(StoreBuilders.json(Sessions.STORE, UserSessions.class, persistent));
        builder.addStateStore(StoreBuilders.json(Profiles.STORE, UserProfile.class, persistent));
        builder.addStateStore(StoreBuilders.json(Streaks.STORE, StreakState.class, persistent));
        // Bytes in, decoded by the processor: an undecodable record is a dead letter, never a stopped app.
        KStream<String, byte[]> raw = builder.stream(catalog.name(Topic.LEARNING_EVENTS),
                Consumed.with(Serdes.String(), Serdes.ByteArray()).withName("learning-events-source"));
        return raw.process(() -> new UserEventProcessor(deadLetters, dedupeRetention), Named.as("user-stage"),
                UserEventProcessor.DEDUPE_STORE, Sessions.STORE, Profiles.STORE, Streaks.STORE);
    }
}
