package io.liveboard.cli.replay;

import io.liveboard.schema.AvroCodec;
import io.liveboard.schema.RecordDecodingException;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** A consumed record with its value decoded, or the reason it could not be. */
record DecodedRecord(ConsumerRecord<String, byte[]> raw, SpecificRecord value, String errorReason, String errorMessage) {

    static DecodedRecord decode(ConsumerRecord<String, byte[]> raw, AvroCodec codec) {
        if (raw.value() == null) {
            return new DecodedRecord(raw, null, null, null);
        }
        try {
            return new DecodedRecord(raw, codec.decode(raw.value()), null, null);
        } catch (RecordDecodingException e) {
            return new DecodedRecord(raw, null, e.reason(), e.getMessage());
        }
    }

    boolean undecodable() {
        return errorReason != null;
    }
}
