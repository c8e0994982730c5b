package io.liveboard.json;

import java.io.StringWriter;

import io.liveboard.catalog.EventType;
import org.apache.avro.specific.SpecificRecord;
import tools.jackson.core.JsonGenerator;

/**
 * Renders derived events as WebSocket messages of DESIGN.md §6:
 * {@code {"type":"leaderboard.update","channel":"leaderboard:typing_wpm","pos":"...","data":{...}}}.
 * A record may belong to several channels; render its data once with {@link #data} and wrap it per
 * channel with {@link #message(String, String, String, String)}.
 */
public final class WsMessages {

    private WsMessages() {
    }

    public static String message(SpecificRecord record, String channel, String pos) {
        return message(EventType.typeOf(record), channel, pos, data(record));
    }

    /** The record's fields as the {@code data} object. */
    public static String data(SpecificRecord record) {
        return AvroJson.toJson(record, null);
    }

    /** Wraps already rendered data; {@code pos} may be null for messages without a position. */
    public static String message(String type, String channel, String pos, String dataJson) {
        StringWriter out = new StringWriter(dataJson.length() + 96);
        try (JsonGenerator gen = AvroJson.MAPPER.createGenerator(out)) {
            gen.writeStartObject();
            gen.writeStringProperty("type", type);
            gen.writeStringProperty("channel", channel);
            if (pos != null) {
                gen.writeStringProperty("pos", pos);
            }
            gen.writeName("data");
            gen.writeRawValue(dataJson);
            gen.writeEndObject();
        }
        return out.toString();
    }
}
