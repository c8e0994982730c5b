package io.liveboard.processors.output;

import io.liveboard.schema.AvroCodec;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Writes {@link Emitted} values: single-object Avro for outputs, the original bytes for dead letters.
 * Outputs are only written, never read back by this app, so there is no deserializer.
 */
public final class OutputSerde implements Serde<Emitted> {

    private final AvroCodec codec = AvroCodec.shared();

    @Override
    public Serializer<Emitted> serializer() {
        return (topic, emitted) -> {
            if (emitted == null) {
                return null;
            }
            return emitted.value() == null ? emitted.raw() : codec.encode(emitted.value());
        };
    }

    @Override
    public Deserializer<Emitted> deserializer() {
        return (topic, data) -> {
            throw new UnsupportedOperationException("output records are not read back by the processors");
        };
    }
}
