package io.liveboard.schema;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/** Serdes for Kafka clients and Kafka Streams. */
public final class AvroSerdes {

    private AvroSerdes() {
    }

    /** A serde for one record type; decoding another type is an error. */
    public static <T extends SpecificRecord> Serde<T> of(Class<T> type) {
        return Serdes.serdeFrom(new AvroSerializer<>(), new AvroDeserializer<>(type));
    }

    /** A serde for topics that hold several record types (user-updates, activity). */
    public static Serde<SpecificRecord> any() {
        return of(SpecificRecord.class);
    }
}
