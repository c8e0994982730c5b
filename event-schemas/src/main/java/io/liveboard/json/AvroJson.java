package io.liveboard.json;

import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.Collection;
import java.util.Map;

import org.apache.avro.Schema;
import org.apache.avro.generic.GenericEnumSymbol;
import org.apache.avro.generic.IndexedRecord;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes Avro records as JSON objects in the schema's field names: timestamps as ISO-8601 UTC strings,
 * absent optional fields left out, non-finite numbers as null. The one mapping every consumer of JSON
 * (WebSocket messages, replay) shares.
 */
public final class AvroJson {

    static final JsonMapper MAPPER = JsonMapper.builder().build();

    private AvroJson() {
    }

    /** The record as a JSON object, with {@code type} first when given. */
    public static String toJson(IndexedRecord record, String type) {
        StringWriter out = new StringWriter(256);
        try (JsonGenerator gen = MAPPER.createGenerator(out)) {
            gen.writeStartObject();
            if (type != null) {
                gen.writeStringProperty("type", type);
            }
            writeFields(gen, record);
            gen.writeEndObject();
        }
        return out.toString();
    }

    /** Writes the record's fields into an object the caller has opened. */
    public static void writeFields(JsonGenerator gen, IndexedRecord record) {
        for (Schema.Field field : record.getSchema().getFields()) {
            Object value = record.get(field.pos());
            if (value != null) {
                gen.writeName(field.name());
                writeValue(gen, value);
            }
        }
    }

    public static void writeValue(JsonGenerator gen, Object value) {
        if (value == null) {
            gen.writeNull();
        } else if (value instanceof CharSequence s) {
            gen.writeString(s.toString());
        } else if (value instanceof Integer i) {
            gen.writeNumber(i);
        } else if (value instanceof Long l) {
            gen.writeNumber(l);
        } else if (value instanceof Double d) {
            if (d.isNaN() || d.isInfinite()) {
                gen.writeNull();
            } else {
                gen.writeNumber(d);
            }
        } else if (value instanceof Float f) {
            gen.writeNumber(f);
        } else if (value instanceof Boolean b) {
            gen.writeBoolean(b);
        } else if (value instanceof Instant t) {
            gen.writeString(DateTimeFormatter.ISO_INSTANT.format(t));
        } else if (value instanceof IndexedRecord r) {
            gen.writeStartObject();
            writeFields(gen, r);
            gen.writeEndObject();
        } else if (value instanceof Collection<?> items) {
            gen.writeStartArray();
            for (Object item : items) {
                writeValue(gen, item);
            }
            gen.writeEndArray();
        } else if (value instanceof Map<?, ?> map) {
            gen.writeStartObject();
            for (Map.Entry<?, ?> e : map.entrySet()) {
                gen.writeName(e.getKey().toString());
                writeValue(gen, e.getValue());
            }
            gen.writeEndObject();
        } else if (value instanceof ByteBuffer buffer) {
            ByteBuffer copy = buffer.duplicate();
            byte[] bytes = new byte[copy.remaining()];
            copy.get(bytes);
            gen.writeString(Base64.getEncoder().encodeToString(bytes));
        } else if (value instanceof GenericEnumSymbol<?> symbol) {
            gen.writeString(symbol.toString());
        } else {
            throw new IllegalArgumentException("no JSON mapping for " + value.getClass().getName());
        }
    }
}
