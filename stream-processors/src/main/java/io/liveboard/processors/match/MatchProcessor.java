package io.liveboard.processors.match;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import io.liveboard.catalog.App;
import io.liveboard.catalog.Channel;
import io.liveboard.catalog.Metric;
import io.liveboard.catalog.Topic;
import io.liveboard.events.CompetitorsUpdate;
import io.liveboard.events.EventIds;
import io.liveboard.processors.match.MatchState.Competitor;
import io.liveboard.processors.output.StageOutput;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Live standings of matches (key match id). Every change of a session in a match emits
 * {@code competitors.update}: standings by the match app's primary metric (higher first; a session
 * without a value yet last), then finished before running, then join order; sent once to
 * {@code match-updates} keyed by match id, naming every participant's {@code session:{id}:competitors}.
 * A match is forgotten when all its sessions finished, or after {@link #IDLE} of stream time without a
 * change; at most {@value #MAX_COMPETITORS} sessions join one match.
 */
final class MatchProcessor implements Processor<String, MatchChange, String, StageOutput> {

    static final String STORE = "match-standings";
    static final int MAX_COMPETITORS = 50;
    static final Duration IDLE = Duration.ofHours(24);

    private ProcessorContext<String, StageOutput> context;
    private KeyValueStore<String, MatchState> matches;

    @Override
    public void init(ProcessorContext<String, StageOutput> context) {
        this.context = context;
        this.matches = context.getStateStore(STORE);
        // Stream time, not wall clock: a replay expires exactly what the first run expired.
        context.schedule(Duration.ofMinutes(10), PunctuationType.STREAM_TIME, this::expire);
    }

    @Override
    public void process(Record<String, MatchChange> record) {
        MatchChange change = record.value();
        MatchState state = matches.get(change.matchId());
        if (state == null) {
            state = new MatchState();
            state.app = change.app();
        }
        Competitor c = state.competitors.stream().filter(x -> x.sessionId.equals(change.sessionId())).findFirst()
                .orElse(null);
        if (c == null) {
            if (state.competitors.size() >= MAX_COMPETITORS) {
                return;
            }
            c = new Competitor();
            c.sessionId = change.sessionId();
            c.joinOrder = state.competitors.size();
            state.competitors.add(c);
        } else if (c.finished) {
            return;
        }
        c.userId = change.userId();
        c.username = change.username();
        c.wpm = change.wpm();
        c.accuracy = change.accuracy();
        c.score = change.score();
        c.comprehension = change.comprehension();
        c.elapsedMs = change.elapsedMs();
        c.finished = change.finished();
        state.lastChangeAt = record.timestamp();

        Metric metric = App.byId(state.app).map(App::primaryMetric).orElse(Metric.SCORE);
        List<Competitor> ordered = new ArrayList<>(state.competitors);
        ordered.sort(Comparator
                .comparing((Competitor x) -> metricOf(x, metric), Comparator.nullsLast(Comparator.reverseOrder()))
                .thenComparing(x -> !x.finished)
                .thenComparingInt(x -> x.joinOrder));
        List<io.liveboard.events.Competitor> standings = new ArrayList<>();
        List<Channel> channels = new ArrayList<>();
        for (int i = 0; i < ordered.size(); i++) {
            Competitor x = ordered.get(i);
            standings.add(io.liveboard.events.Competitor.newBuilder().setPosition(i + 1).setUserId(x.userId)
                    .setUsername(x.username).setSessionId(x.sessionId).setMetricValue(metricOf(x, metric))
                    .setCurrentWpm(x.wpm).setCurrentAccuracy(x.accuracy).setCurrentScore(x.score)
                    .setElapsedMs(x.elapsedMs).setFinished(x.finished).build());
            channels.add(Channel.sessionCompetitors(x.sessionId));
        }
        CompetitorsUpdate update = CompetitorsUpdate.newBuilder()
                .setEventId(EventIds.derive("competitors.update", change.causeEventId(), change.matchId()))
                .setMatchId(change.matchId()).setApp(state.app).setMetric(metric.jsonName()).setStandings(standings)
                .setTimestamp(Instant.ofEpochMilli(change.occurredAt())).build();
        if (state.competitors.stream().allMatch(x -> x.finished)) {
            matches.delete(change.matchId());
        } else {
            matches.put(change.matchId(), state);
        }
        context.forward(io.liveboard.processors.output.Emitted.of(Topic.MATCH_UPDATES, change.matchId(), update,
                channels).toRecord(record.timestamp()));
    }

    private void expire(long streamTime) {
        long cutoff = streamTime - IDLE.toMillis();
        List<String> idle = new ArrayList<>();
        try (KeyValueIterator<String, MatchState> it = matches.all()) {
            while (it.hasNext()) {
                KeyValue<String, MatchState> kv = it.next();
                if (kv.value.lastChangeAt < cutoff) {
                    idle.add(kv.key);
                }
            }
        }
        idle.forEach(matches::delete);
    }

    private static Double metricOf(Competitor c, Metric metric) {
        return switch (metric) {
            case WPM -> c.wpm;
            case ACCURACY -> c.accuracy;
            case COMPREHENSION -> c.comprehension;
            case SCORE, POINTS -> c.score;
        };
    }
}
