package io.liveboard.processors.user;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.liveboard.events.LearningEvent;
import io.liveboard.events.ScoreUpdated;
import io.liveboard.events.SessionEnded;
import io.liveboard.events.SessionStarted;
import io.liveboard.json.LearningEventValidator;
import io.liveboard.processors.deadletter.DeadLetters;
import io.liveboard.processors.deadletter.RejectedEvent;
import io.liveboard.processors.output.Emitted;
import io.liveboard.processors.output.StageOutput;
import io.liveboard.processors.profile.Completions;
import io.liveboard.processors.profile.Profiles;
import io.liveboard.processors.session.Sessions;
import io.liveboard.processors.streak.Streaks;
import io.liveboard.schema.AvroCodec;
import io.liveboard.schema.RecordDecodingException;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The per-user stage (key user id, co-partitioned with learning-events): decodes the raw bytes itself
 * so a bad record becomes a dead letter instead of stopping the app, validates, drops redelivered
 * event ids, then runs the per-user features (sessions and live progress, personal bests, points,
 * levels, achievements, streaks). Everything it derives is forwarded as {@link StageOutput}s.
 * <p>
 * Duplicates: an event id seen before within {@code dedupeRetention} (measured in record timestamps of
 * this partition, so a replay decides exactly as the first run did) is dropped. The window store keeps
 * each id for that long and then forgets it, so the store does not grow without bound.
 */
final class UserEventProcessor implements Processor<String, byte[], String, StageOutput> {

    static final String DEDUPE_STORE = "dedupe-event-ids";
    private static final Logger log = LoggerFactory.getLogger(UserEventProcessor.class);

    private final DeadLetters deadLetters;
    private final Duration dedupeRetention;
    private final AvroCodec codec = AvroCodec.shared();
    private ProcessorContext<String, StageOutput> context;
    private WindowStore<String, Long> seen;
    private Sessions sessions;
    private Completions completions;
    private Streaks streaks;

    UserEventProcessor(DeadLetters deadLetters, Duration dedupeRetention) {
        this.deadLetters = deadLetters;
        this.dedupeRetention = dedupeRetention;
    }

    @Override
    public void init(ProcessorContext<String, StageOutput> context) {
        this.context = context;
        this.seen = context.getStateStore(DEDUPE_STORE);
        this.sessions = new Sessions(context.getStateStore(Sessions.STORE));
        this.completions = new Completions(new Profiles(context.getStateStore(Profiles.STORE)));
        this.streaks = new Streaks(context.getStateStore(Streaks.STORE));
    }

    @Override
    public void process(Record<String, byte[]> record) {
        Optional<RecordMetadata> source = context.recordMetadata();
        LearningEvent event;
        try {
            if (record.value() == null) {
                reject(record, source, "malformed", "record has no value", "decode");
                return;
            }
            event = codec.decode(record.value(), LearningEvent.class);
        } catch (RecordDecodingException e) {
            reject(record, source, e.reason(), e.getMessage(), "decode");
            return;
        }
        Optional<String> violation = LearningEventValidator.violation(event);
        if (violation.isPresent()) {
            reject(record, source, DeadLetters.INVALID_EVENT, violation.get(), "validate");
            return;
        }
        // Per-user state lives on the partition of the user's key: a record keyed otherwise would split it.
        if (!Long.toString(event.getUserId()).equals(record.key())) {
            reject(record, source, DeadLetters.INVALID_EVENT, "record key '" + record.key()
                    + "' is not the event's user_id " + event.getUserId(), "validate");
            return;
        }
        if (isDuplicate(event.getEventId(), record.timestamp())) {
            log.debug("dropped redelivered event {}", event.getEventId());
            return;
        }
        List<StageOutput> out = new ArrayList<>();
        try {
            dispatch(event, out);
        } catch (RejectedEvent e) {
            reject(record, source, DeadLetters.INVALID_EVENT, e.getMessage(), e.stage());
            return;
        } catch (KafkaException e) {
            // Streams, store and serialization failures are not the event's fault: let Streams handle them.
            throw e;
        } catch (RuntimeException e) {
            // A bug must not stop every user's processing: park the record with the error and go on.
            log.error("processing event {} failed", event.getEventId(), e);
            reject(record, source, DeadLetters.PROCESSING_ERROR, e.toString(), "user-stage");
            return;
        }
        for (StageOutput o : out) {
            forward(o, record.timestamp());
        }
    }

    private void dispatch(LearningEvent event, List<StageOutput> out) {
        Object payload = event.getPayload();
        if (payload instanceof SessionStarted started) {
            sessions.started(event, started, out);
        } else if (payload instanceof ScoreUpdated update) {
            sessions.scoreUpdated(event, update, out);
        } else if (payload instanceof SessionEnded ended) {
            sessions.ended(event, ended, out);
            if (ended.getCompleted()) {
                completions.completed(event, ended, out);
                streaks.completed(event, out);
            }
        }
    }

    private boolean isDuplicate(String eventId, long timestamp) {
        long retention = dedupeRetention.toMillis();
        try (WindowStoreIterator<Long> it = seen.fetch(eventId, Instant.ofEpochMilli(Math.max(0, timestamp - retention)),
                Instant.ofEpochMilli(timestamp + retention))) {
            if (it.hasNext()) {
                return true;
            }
        }
        seen.put(eventId, timestamp, timestamp);
        return false;
    }

    private void reject(Record<String, byte[]> record, Optional<RecordMetadata> source, String reason, String error,
                        String stage) {
        Emitted dead = deadLetters.reject(record.key(), record.value(), source, reason, error, stage);
        forward(dead, record.timestamp());
    }

    private void forward(StageOutput output, long timestamp) {
        if (output instanceof Emitted emitted) {
            context.forward(emitted.toRecord(timestamp));
        } else {
            context.forward(new Record<>(output.routingKey(), output, timestamp));
        }
    }
}
