package io.liveboard.schema;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Kafka deserializer for single-object encoded Avro. Null bytes (tombstones) give null; every other
 * failure is a {@link RecordDecodingException}, never a silent null.
 */
public final class AvroDeserializer<T extends SpecificRecord> implements Deserializer<T> {

    private final AvroCodec codec;
    private final Class<T> expected;

    public AvroDeserializer(Class<T> expected) {
        this(AvroCodec.shared(), expected);
    }

    public AvroDeserializer(AvroCodec codec, Class<T> expected) {
        this.codec = codec;
        this.expected = expected;
    }

    @Override
    public T deserialize(String topic, byte[] data) {
        return data == null ? null : codec.decode(data, expected);
    }
}
