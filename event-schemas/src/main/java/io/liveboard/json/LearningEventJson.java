package io.liveboard.json;

import java.io.StringWriter;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Set;

import io.liveboard.catalog.EventType;
import io.liveboard.events.EventIds;
import io.liveboard.events.LearningEvent;
import io.liveboard.events.ScoreUpdated;
import io.liveboard.events.SessionEnded;
import io.liveboard.events.SessionStarted;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.JsonNode;

/**
 * The JSON-lines form of input events: one flat object per event with {@code type} and the schema's
 * field names (the payload's fields beside the envelope's). {@code liveboard produce} reads it and
 * {@code liveboard replay} writes it, so a replayed topic can be produced again as it is.
 */
public final class LearningEventJson {

    private static final Set<String> ENVELOPE = Set.of("type", "event_id", "user_id", "username", "app",
            "occurred_at", "timezone");
    private static final Set<String> STARTED = Set.of("session_id", "mode", "match_id");
    private static final Set<String> SCORE = Set.of("session_id", "wpm", "accuracy", "score", "comprehension",
            "progress", "elapsed_ms");
    private static final Set<String> ENDED = Set.of("session_id", "wpm", "accuracy", "comprehension", "score",
            "duration_ms", "completed", "points");

    private LearningEventJson() {
    }

    /**
     * Parses one line and checks it with {@link LearningEventValidator}. A missing {@code event_id} is
     * derived from the event's content, so producing the same line twice still counts once.
     *
     * @throws InvalidEventException naming the first problem
     */
    public static LearningEvent parse(String line) {
        JsonNode node;
        try {
            node = AvroJson.MAPPER.readTree(line);
        } catch (JacksonException e) {
            throw new InvalidEventException("not valid JSON: " + e.getOriginalMessage());
        }
        if (node == null || !node.isObject()) {
            throw new InvalidEventException("expected a JSON object");
        }
        String type = requiredString(node, "type");
        EventType eventType = EventType.byId(type).orElse(null);
        Set<String> payloadFields;
        Object payload;
        if (eventType == EventType.SESSION_STARTED) {
            payloadFields = STARTED;
            payload = SessionStarted.newBuilder()
                    .setSessionId(requiredString(node, "session_id"))
                    .setMode(requiredString(node, "mode"))
                    .setMatchId(optionalString(node, "match_id"))
                    .build();
        } else if (eventType == EventType.SCORE_UPDATED) {
            payloadFields = SCORE;
            payload = ScoreUpdated.newBuilder()
                    .setSessionId(requiredString(node, "session_id"))
                    .setWpm(optionalDouble(node, "wpm"))
                    .setAccuracy(optionalDouble(node, "accuracy"))
                    .setScore(optionalDouble(node, "score"))
                    .setComprehension(optionalDouble(node, "comprehension"))
                    .setProgress(optionalDouble(node, "progress"))
                    .setElapsedMs(requiredLong(node, "elapsed_ms"))
                    .build();
        } else if (eventType == EventType.SESSION_ENDED) {
            payloadFields = ENDED;
            Long points = optionalLong(node, "points");
            payload = SessionEnded.newBuilder()
                    .setSessionId(requiredString(node, "session_id"))
                    .setWpm(optionalDouble(node, "wpm"))
                    .setAccuracy(optionalDouble(node, "accuracy"))
                    .setComprehension(optionalDouble(node, "comprehension"))
                    .setScore(optionalDouble(node, "score"))
                    .setDurationMs(requiredLong(node, "duration_ms"))
                    .setCompleted(requiredBoolean(node, "completed"))
                    .setPoints(points == null ? 0 : toInt("points", points))
                    .build();
        } else {
            throw new InvalidEventException("unknown type '" + type
                    + "' (session.started, score.updated, session.ended)");
        }
        for (String name : node.propertyNames()) {
            if (!ENVELOPE.contains(name) && !payloadFields.contains(name)) {
                throw new InvalidEventException("unknown field '" + name + "' for " + type);
            }
        }
        LearningEvent event = LearningEvent.newBuilder()
                .setEventId("")
                .setUserId(requiredLong(node, "user_id"))
                .setUsername(requiredString(node, "username"))
                .setApp(requiredString(node, "app"))
                .setOccurredAt(requiredInstant(node, "occurred_at"))
                .setTimezone(optionalString(node, "timezone"))
                .setPayload(payload)
                .build();
        String eventId = optionalString(node, "event_id");
        LearningEvent identified = LearningEvent.newBuilder(event)
                .setEventId(eventId != null ? eventId : EventIds.derive("input", toJson(event)))
                .build();
        LearningEventValidator.check(identified);
        return identified;
    }

    /** The flat JSON object of an event, as {@link #parse} reads it. */
    public static String toJson(LearningEvent event) {
        StringWriter out = new StringWriter(256);
        try (JsonGenerator gen = AvroJson.MAPPER.createGenerator(out)) {
            gen.writeStartObject();
            writeFields(gen, event);
            gen.writeEndObject();
        }
        return out.toString();
    }

    /** Writes {@code type}, the envelope and the payload fields into an object the caller opened. */
    public static void writeFields(JsonGenerator gen, LearningEvent event) {
        gen.writeStringProperty("type", EventType.typeOf(event));
        gen.writeStringProperty("event_id", event.getEventId());
        gen.writeNumberProperty("user_id", event.getUserId());
        gen.writeStringProperty("username", event.getUsername());
        gen.writeStringProperty("app", event.getApp());
        gen.writeStringProperty("occurred_at", DateTimeFormatter.ISO_INSTANT.format(event.getOccurredAt()));
        if (event.getTimezone() != null) {
            gen.writeStringProperty("timezone", event.getTimezone());
        }
        AvroJson.writeFields(gen, (org.apache.avro.generic.IndexedRecord) event.getPayload());
    }

    private static JsonNode present(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value;
    }

    private static String requiredString(JsonNode node, String field) {
        String value = optionalString(node, field);
        if (value == null) {
            throw new InvalidEventException("missing field '" + field + "'");
        }
        return value;
    }

    private static String optionalString(JsonNode node, String field) {
        JsonNode value = present(node, field);
        if (value == null) {
            return null;
        }
        if (!value.isString()) {
            throw new InvalidEventException("field '" + field + "' must be a string");
        }
        return value.asString();
    }

    private static long requiredLong(JsonNode node, String field) {
        Long value = optionalLong(node, field);
        if (value == null) {
            throw new InvalidEventException("missing field '" + field + "'");
        }
        return value;
    }

    private static Long optionalLong(JsonNode node, String field) {
        JsonNode value = present(node, field);
        if (value == null) {
            return null;
        }
        if (!value.isIntegralNumber() || !value.canConvertToLong()) {
            throw new InvalidEventException("field '" + field + "' must be an integer");
        }
        return value.asLong();
    }

    private static Double optionalDouble(JsonNode node, String field) {
        JsonNode value = present(node, field);
        if (value == null) {
            return null;
        }
        if (!value.isNumber()) {
            throw new InvalidEventException("field '" + field + "' must be a number");
        }
        return value.asDouble();
    }

    private static boolean requiredBoolean(JsonNode node, String field) {
        JsonNode value = present(node, field);
        if (value == null) {
            throw new InvalidEventException("missing field '" + field + "'");
        }
        if (!value.isBoolean()) {
            throw new InvalidEventException("field '" + field + "' must be true or false");
        }
        return value.asBoolean();
    }

    private static Instant requiredInstant(JsonNode node, String field) {
        JsonNode value = present(node, field);
        if (value == null) {
            throw new InvalidEventException("missing field '" + field + "'");
        }
        if (value.isIntegralNumber() && value.canConvertToLong()) {
            return Instant.ofEpochMilli(value.asLong());
        }
        if (!value.isString()) {
            throw new InvalidEventException("field '" + field + "' must be an ISO-8601 time or epoch milliseconds");
        }
        try {
            return OffsetDateTime.parse(value.asString()).toInstant();
        } catch (DateTimeParseException e) {
            throw new InvalidEventException("field '" + field + "' is not an ISO-8601 time with offset, e.g. "
                    + "2026-11-26T10:00:00Z: '" + value.asString() + "'");
        }
    }

    private static int toInt(String field, long value) {
        if (value < Integer.MIN_VALUE || value > Integer.MAX_VALUE) {
            throw new InvalidEventException("field '" + field + "' is out of range");
        }
        return (int) value;
    }
}
