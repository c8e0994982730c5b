package io.liveboard.processors.output;

import java.nio.charset.StandardCharsets;
import java.util.List;

import io.liveboard.catalog.Channel;
import io.liveboard.catalog.EventType;
import io.liveboard.catalog.LiveboardHeaders;
import io.liveboard.catalog.Topic;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.Record;

/**
 * One record for an output topic: an Avro value with the channels it belongs to, or the untouched bytes
 * of a dead letter. {@link #toRecord(long)} gives the Kafka Streams record with its headers.
 *
 * @param topic   the catalog topic it goes to
 * @param key     record key (user id, category, match id, feed id, or the original key of a dead letter)
 * @param value   the Avro record, null for a dead letter
 * @param raw     the original bytes of a dead letter, else null
 * @param headers headers to write
 */
public record Emitted(Topic topic, String key, SpecificRecord value, byte[] raw, Headers headers)
        implements StageOutput {

    /**
     * An output record naming its channels; every channel must share the record's key (that is what
     * keeps a channel on one partition), so a channel whose key the name holds is checked here.
     */
    public static Emitted of(Topic topic, String key, SpecificRecord value, List<Channel> channels) {
        for (Channel channel : channels) {
            if (channel.topic() != topic && !(topic == Topic.LEADERBOARD_SNAPSHOTS && channel.topic() == Topic.LEADERBOARD_UPDATES)) {
                throw new IllegalArgumentException(channel + " is not carried by " + topic);
            }
            channel.partitionKey().ifPresent(k -> {
                if (!k.equals(key)) {
                    throw new IllegalArgumentException(channel + " does not share the record key " + key);
                }
            });
        }
        Headers headers = new RecordHeaders();
        LiveboardHeaders.putChannels(headers, channels);
        headers.add(LiveboardHeaders.TYPE, EventType.typeOf(value).getBytes(StandardCharsets.UTF_8));
        return new Emitted(topic, key, value, null, headers);
    }

    public static Emitted deadLetter(String key, byte[] original, Headers headers) {
        return new Emitted(Topic.DEAD_LETTERS, key, null, original, headers);
    }

    @Override
    public String routingKey() {
        return key;
    }

    /** The Kafka Streams record; the timestamp is the input record's, so replays write the same records. */
    public Record<String, StageOutput> toRecord(long timestamp) {
        return new Record<>(key, this, timestamp, headers);
    }
}
