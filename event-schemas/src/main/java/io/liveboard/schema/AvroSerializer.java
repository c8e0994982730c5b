package io.liveboard.schema;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serializer;

/** Kafka serializer writing single-object encoded Avro; null stays null (tombstones). */
public final class AvroSerializer<T extends SpecificRecord> implements Serializer<T> {

    private final AvroCodec codec;

    public AvroSerializer() {
        this(AvroCodec.shared());
    }

    public AvroSerializer(AvroCodec codec) {
        this.codec = codec;
    }

    @Override
    public byte[] serialize(String topic, T data) {
        return data == null ? null : codec.encode(data);
    }
}
