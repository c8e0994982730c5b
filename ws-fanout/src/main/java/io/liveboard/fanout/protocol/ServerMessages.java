package io.liveboard.fanout.protocol;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.List;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.io.JsonStringEncoder;
import tools.jackson.core.json.JsonFactory;

/**
 * Renders server messages (docs/protocol.md) as UTF-8 JSON. Event messages, the hot path, are assembled from
 * pre-quoted parts around the record's data rendered once; replies use a streaming generator.
 */
public final class ServerMessages {

    private static final JsonFactory JSON = new JsonFactory();
    private static final byte[] TYPE_PREFIX = "{\"type\":".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] CHANNEL_PREFIX = ",\"channel\":".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] POS_PREFIX = ",\"pos\":\"".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] DATA_PREFIX = "\",\"data\":".getBytes(StandardCharsets.US_ASCII);

    private ServerMessages() {
    }

    /** A JSON string literal, quotes included, as UTF-8. */
    public static byte[] quoted(String s) {
        byte[] inner = JsonStringEncoder.getInstance().quoteAsUTF8(s);
        byte[] out = new byte[inner.length + 2];
        out[0] = '"';
        System.arraycopy(inner, 0, out, 1, inner.length);
        out[out.length - 1] = '"';
        return out;
    }

    public static int eventLength(byte[] quotedType, byte[] quotedChannel, String pos, byte[] data) {
        return TYPE_PREFIX.length + quotedType.length + CHANNEL_PREFIX.length + quotedChannel.length
                + POS_PREFIX.length + pos.length() + DATA_PREFIX.length + data.length + 1;
    }

    /** {@code {"type":T,"channel":C,"pos":"P","data":D}} as a ready WebSocket frame. */
    public static ByteBuf eventFrame(ByteBufAllocator alloc, byte[] quotedType, byte[] quotedChannel, String pos,
                                     byte[] data) {
        int len = eventLength(quotedType, quotedChannel, pos, data);
        ByteBuf buf = Frames.textFrame(alloc, len);
        writeEvent(buf, quotedType, quotedChannel, pos, data);
        return buf;
    }

    public static byte[] eventBytes(byte[] quotedType, byte[] quotedChannel, String pos, byte[] data) {
        byte[] out = new byte[eventLength(quotedType, quotedChannel, pos, data)];
        int i = 0;
        i = put(out, i, TYPE_PREFIX);
        i = put(out, i, quotedType);
        i = put(out, i, CHANNEL_PREFIX);
        i = put(out, i, quotedChannel);
        i = put(out, i, POS_PREFIX);
        for (int k = 0; k < pos.length(); k++) {
            out[i++] = (byte) pos.charAt(k);
        }
        i = put(out, i, DATA_PREFIX);
        i = put(out, i, data);
        out[i] = '}';
        return out;
    }

    private static int put(byte[] out, int at, byte[] part) {
        System.arraycopy(part, 0, out, at, part.length);
        return at + part.length;
    }

    private static void writeEvent(ByteBuf buf, byte[] quotedType, byte[] quotedChannel, String pos, byte[] data) {
        buf.writeBytes(TYPE_PREFIX).writeBytes(quotedType).writeBytes(CHANNEL_PREFIX).writeBytes(quotedChannel)
                .writeBytes(POS_PREFIX);
        buf.writeCharSequence(pos, StandardCharsets.US_ASCII);
        buf.writeBytes(DATA_PREFIX).writeBytes(data).writeByte('}');
    }

    public static byte[] welcome(String connectionId, Long userId, String username, long heartbeatMs, Instant now) {
        return render(g -> {
            g.writeStringProperty("type", "welcome");
            g.writeName("data");
            g.writeStartObject();
            g.writeStringProperty("connection_id", connectionId);
            g.writeName("user_id");
            if (userId == null) {
                g.writeNull();
            } else {
                g.writeNumber(userId);
            }
            g.writeName("username");
            if (username == null) {
                g.writeNull();
            } else {
                g.writeString(username);
            }
            g.writeNumberProperty("heartbeat_ms", heartbeatMs);
            g.writeStringProperty("server_time", DateTimeFormatter.ISO_INSTANT.format(now));
            g.writeEndObject();
        });
    }

    /**
     * {@code subscribed} with the recovery verdict, the client's position and the snapshot (raw JSON, or null).
     */
    public static byte[] subscribed(String channel, Boolean recovered, String pos, String snapshotJson) {
        return render(g -> {
            g.writeStringProperty("type", "subscribed");
            g.writeStringProperty("channel", channel);
            g.writeName("data");
            g.writeStartObject();
            g.writeName("recovered");
            if (recovered == null) {
                g.writeNull();
            } else {
                g.writeBoolean(recovered);
            }
            g.writeName("pos");
            if (pos == null) {
                g.writeNull();
            } else {
                g.writeString(pos);
            }
            g.writeName("snapshot");
            if (snapshotJson == null) {
                g.writeNull();
            } else {
                g.writeRawValue(snapshotJson);
            }
            g.writeEndObject();
        });
    }

    /** The activity snapshot: {@code {"items":[event messages, oldest first]}}. */
    public static String activitySnapshot(List<byte[]> items) {
        int size = 12;
        for (byte[] item : items) {
            size += item.length + 1;
        }
        StringBuilder sb = new StringBuilder(size).append("{\"items\":[");
        for (int i = 0; i < items.size(); i++) {
            if (i > 0) {
                sb.append(',');
            }
            sb.append(new String(items.get(i), StandardCharsets.UTF_8));
        }
        return sb.append("]}").toString();
    }

    public static byte[] unsubscribed(String channel) {
        return render(g -> {
            g.writeStringProperty("type", "unsubscribed");
            g.writeStringProperty("channel", channel);
        });
    }

    public static byte[] pong(Instant now) {
        return render(g -> {
            g.writeStringProperty("type", "pong");
            g.writeName("data");
            g.writeStartObject();
            g.writeStringProperty("server_time", DateTimeFormatter.ISO_INSTANT.format(now));
            g.writeEndObject();
        });
    }

    public static byte[] error(String channel, ErrorCode code, String message) {
        return render(g -> {
            g.writeStringProperty("type", "error");
            if (channel != null) {
                g.writeStringProperty("channel", channel);
            }
            g.writeName("data");
            g.writeStartObject();
            g.writeStringProperty("code", code.code());
            g.writeStringProperty("message", message);
            g.writeEndObject();
        });
    }

    private interface Body {
        void write(JsonGenerator g);
    }

    private static byte[] render(Body body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(128);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            body.write(g);
            g.writeEndObject();
        }
        return out.toByteArray();
    }
}
