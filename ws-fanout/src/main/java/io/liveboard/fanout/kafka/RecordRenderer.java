package io.liveboard.fanout.kafka;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.liveboard.catalog.Channel;
import io.liveboard.catalog.InvalidChannelException;
import io.liveboard.catalog.LiveboardHeaders;
import io.liveboard.catalog.Topic;
import io.liveboard.events.LeaderboardSnapshot;
import io.liveboard.events.LeaderboardUpdate;
import io.liveboard.fanout.history.HistoryStore;
import io.liveboard.fanout.history.Rec;
import io.liveboard.fanout.protocol.ServerMessages;
import io.liveboard.json.WsMessages;
import io.liveboard.catalog.EventType;
import io.liveboard.schema.AvroCodec;
import io.liveboard.schema.RecordDecodingException;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns an output record into a {@link Rec}: decodes the Avro value once, renders its {@code data} JSON once,
 * and keeps the channel names of its header that are valid and belong to its topic. Records it cannot use are
 * skipped and counted (the fan-out has nobody to hand them back to; the processors' dead letters hold their
 * own failures). Thread-safe.
 */
public final class RecordRenderer {

    private static final Logger log = LoggerFactory.getLogger(RecordRenderer.class);
    private static final int MAX_TYPES = 256;

    private final AvroCodec codec = AvroCodec.shared();
    private final Map<String, byte[]> quotedTypes = new ConcurrentHashMap<>();
    private final SkipCounter skipped;

    /** Told about each skipped record and why (metrics). */
    public interface SkipCounter {
        void skipped(String reason);
    }

    public RecordRenderer(SkipCounter skipped) {
        this.skipped = skipped;
    }

    /** The record as the fan-out keeps it, or null when it cannot be delivered. */
    public Rec render(ConsumerRecord<byte[], byte[]> record, Topic topic) {
        if (record.value() == null) {
            return null;
        }
        List<String> names = LiveboardHeaders.channelNames(record.headers());
        if (names.isEmpty()) {
            skip("no-channels", record, null);
            return null;
        }
        String[] channels = validChannels(names, topic, record);
        if (channels.length == 0) {
            return null;
        }
        SpecificRecord value;
        try {
            value = codec.decode(record.value());
        } catch (RecordDecodingException e) {
            skip("undecodable", record, e.getMessage());
            return null;
        }
        String type;
        try {
            type = EventType.typeOf(value);
        } catch (IllegalArgumentException e) {
            skip("unknown-type", record, e.getMessage());
            return null;
        }
        byte[] data = WsMessages.data(value).getBytes(StandardCharsets.UTF_8);
        long seq = value instanceof LeaderboardUpdate update ? update.getSeq() : -1;
        return new Rec(record.partition(), record.offset(), record.timestamp(), seq, quoted(type), channels, data);
    }

    /** A leaderboard snapshot record, or null when it is not one. */
    public HistoryStore.Snapshot snapshot(ConsumerRecord<byte[], byte[]> record) {
        if (record.value() == null) {
            return null;
        }
        try {
            LeaderboardSnapshot snapshot = codec.decode(record.value(), LeaderboardSnapshot.class);
            return new HistoryStore.Snapshot(snapshot.getSeq(), WsMessages.data(snapshot),
                    snapshot.getTimestamp().toEpochMilli());
        } catch (RecordDecodingException e) {
            skip("undecodable", record, e.getMessage());
            return null;
        }
    }

    private String[] validChannels(List<String> names, Topic topic, ConsumerRecord<byte[], byte[]> record) {
        String[] out = new String[names.size()];
        int n = 0;
        for (String name : names) {
            try {
                Channel channel = Channel.parse(name);
                if (channel.topic() == topic) {
                    out[n++] = channel.name();
                } else {
                    skip("channel-on-wrong-topic", record, name);
                }
            } catch (InvalidChannelException e) {
                skip("invalid-channel", record, e.getMessage());
            }
        }
        return n == out.length ? out : java.util.Arrays.copyOf(out, n);
    }

    private byte[] quoted(String type) {
        byte[] q = quotedTypes.get(type);
        if (q == null) {
            q = ServerMessages.quoted(type);
            if (quotedTypes.size() < MAX_TYPES) {
                quotedTypes.put(type, q);
            }
        }
        return q;
    }

    private void skip(String reason, ConsumerRecord<byte[], byte[]> record, String detail) {
        skipped.skipped(reason);
        if (log.isDebugEnabled()) {
            log.debug("skipping {}-{}@{}: {} {}", record.topic(), record.partition(), record.offset(), reason, detail);
        }
    }
}
