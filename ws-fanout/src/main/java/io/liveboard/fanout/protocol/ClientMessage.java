package io.liveboard.fanout.protocol;

import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.json.JsonFactory;

/**
 * A message from a client: {@code {"type":"subscribe","channel":"...","since":"..."}}, {@code unsubscribe},
 * {@code ping}. Parsed with a streaming parser (no tree per message); unknown fields are ignored.
 */
public record ClientMessage(Type type, String channel, String since) {

    public enum Type { SUBSCRIBE, UNSUBSCRIBE, PING }

    private static final JsonFactory JSON = new JsonFactory();

    /** Parses UTF-8 JSON; throws {@link ProtocolException} with the code a client should see. */
    public static ClientMessage parse(byte[] utf8, int offset, int length) {
        String type = null;
        String channel = null;
        String since = null;
        boolean sawType = false;
        try (JsonParser p = JSON.createParser(utf8, offset, length)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new ProtocolException(ErrorCode.BAD_JSON, "a message must be a JSON object");
            }
            JsonToken t;
            while ((t = p.nextToken()) == JsonToken.PROPERTY_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                switch (name) {
                    case "type" -> {
                        sawType = true;
                        type = stringOrNull(p, value, "type");
                    }
                    case "channel" -> channel = stringOrNull(p, value, "channel");
                    case "since" -> since = stringOrNull(p, value, "since");
                    default -> skip(p, value);
                }
            }
            if (t != JsonToken.END_OBJECT || p.nextToken() != null) {
                throw new ProtocolException(ErrorCode.BAD_JSON, "a message must be exactly one JSON object");
            }
        } catch (JacksonException e) {
            throw new ProtocolException(ErrorCode.BAD_JSON, "not valid JSON: " + shortReason(e));
        }
        if (!sawType || type == null) {
            throw new ProtocolException(ErrorCode.BAD_MESSAGE, "field 'type' is required (subscribe, unsubscribe, ping)");
        }
        return switch (type) {
            case "subscribe" -> new ClientMessage(Type.SUBSCRIBE, requireChannel(channel, type), since);
            case "unsubscribe" -> new ClientMessage(Type.UNSUBSCRIBE, requireChannel(channel, type), null);
            case "ping" -> new ClientMessage(Type.PING, null, null);
            default -> throw new ProtocolException(ErrorCode.UNKNOWN_TYPE, "unknown message type '"
                    + abbreviate(type) + "' (subscribe, unsubscribe, ping)");
        };
    }

    public static ClientMessage parse(byte[] utf8) {
        return parse(utf8, 0, utf8.length);
    }

    private static String requireChannel(String channel, String type) {
        if (channel == null || channel.isEmpty()) {
            throw new ProtocolException(ErrorCode.BAD_MESSAGE, "field 'channel' is required for " + type);
        }
        return channel;
    }

    private static String stringOrNull(JsonParser p, JsonToken value, String field) {
        if (value == JsonToken.VALUE_NULL) {
            return null;
        }
        if (value != JsonToken.VALUE_STRING) {
            throw new ProtocolException(ErrorCode.BAD_MESSAGE, "field '" + field + "' must be a string");
        }
        return p.getString();
    }

    private static void skip(JsonParser p, JsonToken value) {
        if (value == JsonToken.START_OBJECT || value == JsonToken.START_ARRAY) {
            // Iterative; the frame size limit bounds the work.
            p.skipChildren();
        }
    }

    private static String shortReason(JacksonException e) {
        String m = e.getOriginalMessage();
        if (m == null) {
            return "unreadable";
        }
        int nl = m.indexOf('\n');
        return abbreviate(nl > 0 ? m.substring(0, nl) : m);
    }

    static String abbreviate(String s) {
        return s.length() <= 64 ? s : s.substring(0, 64) + "...";
    }
}
