package io.liveboard.processors;

import java.util.Map;

import io.liveboard.processors.achievement.RankAchievementStage;
import io.liveboard.processors.achievement.RankReached;
import io.liveboard.processors.deadletter.DeadLetters;
import io.liveboard.processors.leaderboard.BoardChange;
import io.liveboard.processors.leaderboard.LeaderboardStage;
import io.liveboard.processors.match.MatchChange;
import io.liveboard.processors.match.MatchStage;
import io.liveboard.processors.output.Emitted;
import io.liveboard.processors.output.OutputSerde;
import io.liveboard.processors.output.StageOutput;
import io.liveboard.processors.support.JsonSerde;
import io.liveboard.processors.user.UserStage;
import io.liveboard.catalog.TopicCatalog;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;

/**
 * The whole processing graph, built without Spring (tests call {@link #build} directly):
 * <pre>
 * learning-events ─► user stage (key user id: dedupe, sessions, progress, bests, points, levels,
 *                    │            achievements, streaks) ─► outputs, dead-letters
 *                    ├─ board-changes (repartition, key category) ─► leaderboard stage ─► outputs
 *                    │      └─ rank-reached (repartition, key user id) ─► rank achievements ─► outputs
 *                    └─ match-changes (repartition, key match id) ─► match stage ─► outputs
 * </pre>
 * One repartition hop to the leaderboards and matches (each hop costs a commit interval under
 * exactly-once); rank achievements take a second hop because ranks reached in different categories
 * must meet per user to unlock once. Every store, repartition topic and processor is named.
 */
public final class ProcessorsTopology {

    /** Repartition topic names (Streams prefixes them with the application id). */
    public static final String BOARD_CHANGES = "board-changes";
    public static final String MATCH_CHANGES = "match-changes";
    public static final String RANK_REACHED = "rank-reached";

    private ProcessorsTopology() {
    }

    public static Topology build(TopologySettings settings) {
        StreamsBuilder builder = new StreamsBuilder();
        TopicCatalog catalog = settings.catalog();
        KStream<String, StageOutput> user = UserStage.build(builder, catalog,
                new DeadLetters(settings.deadLetters()), settings.dedupeRetention(), settings.persistentStores());
        Map<String, KStream<String, StageOutput>> userBranches = user.split(Named.as("user-"))
                .branch((k, v) -> v instanceof Emitted, Branched.as("out"))
                .branch((k, v) -> v instanceof BoardChange, Branched.as("board"))
                .branch((k, v) -> v instanceof MatchChange, Branched.as("match"))
                .noDefaultBranch();
        emit(userBranches.get("user-out"), catalog, "user-stage");

        KStream<String, BoardChange> boardChanges = narrow(userBranches.get("user-board"), BoardChange.class)
                .repartition(Repartitioned.<String, BoardChange>as(BOARD_CHANGES)
                        .withKeySerde(Serdes.String()).withValueSerde(JsonSerde.of(BoardChange.class)));
        KStream<String, StageOutput> board = LeaderboardStage.build(builder, boardChanges, settings.topN(),
                settings.snapshotInterval(), settings.persistentStores());
        Map<String, KStream<String, StageOutput>> boardBranches = board.split(Named.as("leaderboard-"))
                .branch((k, v) -> v instanceof Emitted, Branched.as("out"))
                .branch((k, v) -> v instanceof RankReached, Branched.as("reached"))
                .noDefaultBranch();
        emit(boardBranches.get("leaderboard-out"), catalog, "leaderboard-stage");

        KStream<String, RankReached> reached = narrow(boardBranches.get("leaderboard-reached"), RankReached.class)
                .repartition(Repartitioned.<String, RankReached>as(RANK_REACHED)
                        .withKeySerde(Serdes.String()).withValueSerde(JsonSerde.of(RankReached.class)));
        emit(RankAchievementStage.build(builder, reached, settings.persistentStores()), catalog, "rank-achievements");

        KStream<String, MatchChange> matchChanges = narrow(userBranches.get("user-match"), MatchChange.class)
                .repartition(Repartitioned.<String, MatchChange>as(MATCH_CHANGES)
                        .withKeySerde(Serdes.String()).withValueSerde(JsonSerde.of(MatchChange.class)));
        emit(MatchStage.build(builder, matchChanges, settings.persistentStores()), catalog, "match-stage");
        return builder.build();
    }

    /** Every output topic through one dynamic sink per stage: the value's topic decides. */
    private static void emit(KStream<String, StageOutput> outputs, TopicCatalog catalog, String stage) {
        narrow(outputs, Emitted.class).to((key, value, context) -> catalog.name(value.topic()),
                Produced.with(Serdes.String(), new OutputSerde()).withName(stage + "-outputs"));
    }

    /** The branch predicates checked the type; this only tells the compiler. */
    @SuppressWarnings("unchecked")
    private static <T> KStream<String, T> narrow(KStream<String, StageOutput> stream, Class<T> type) {
        return (KStream<String, T>) (KStream<String, ?>) stream;
    }
}
