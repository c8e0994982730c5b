package io.liveboard.catalog;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * Record header names, and the channels header every output record carries so the fan-out needs no
 * domain knowledge. Dead letters carry where the record came from and why it was rejected.
 */
public final class LiveboardHeaders {

    /** Comma-separated channel names of an output record; all share the record's key, hence its partition. */
    public static final String CHANNELS = "lb-channels";
    /** The event type name of the record (e.g. leaderboard.update). */
    public static final String TYPE = "lb-type";

    public static final String DL_SOURCE_TOPIC = "dl-source-topic";
    public static final String DL_SOURCE_PARTITION = "dl-source-partition";
    public static final String DL_SOURCE_OFFSET = "dl-source-offset";
    /** Stable reason code: malformed, unknown-schema, invalid-event, processing-error. */
    public static final String DL_REASON = "dl-reason";
    /** Human-readable error message. */
    public static final String DL_ERROR = "dl-error";
    /** Which processing stage rejected it. */
    public static final String DL_STAGE = "dl-stage";

    private LiveboardHeaders() {
    }

    public static void putChannels(Headers headers, Collection<Channel> channels) {
        StringBuilder sb = new StringBuilder();
        for (Channel channel : channels) {
            if (sb.length() > 0) {
                sb.append(',');
            }
            sb.append(channel.name());
        }
        headers.remove(CHANNELS);
        headers.add(CHANNELS, sb.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** Channel names of a record, without parsing them (the fan-out's hot path). */
    public static List<String> channelNames(Headers headers) {
        String value = lastString(headers, CHANNELS);
        List<String> names = new ArrayList<>(2);
        if (value == null || value.isEmpty()) {
            return names;
        }
        int start = 0;
        for (int i = 0; i <= value.length(); i++) {
            if (i == value.length() || value.charAt(i) == ',') {
                if (i > start) {
                    names.add(value.substring(start, i));
                }
                start = i + 1;
            }
        }
        return names;
    }

    public static void putString(Headers headers, String name, String value) {
        headers.remove(name);
        headers.add(name, value.getBytes(StandardCharsets.UTF_8));
    }

    public static String lastString(Headers headers, String name) {
        Header header = headers.lastHeader(name);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
