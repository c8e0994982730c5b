package io.liveboard.schema;

import org.apache.kafka.common.errors.SerializationException;

/** A record value could not be decoded. Extends Kafka's type so Kafka's error handlers see it as such. */
public abstract class RecordDecodingException extends SerializationException {

    RecordDecodingException(String message, Throwable cause) {
        super(message, cause);
    }

    /** A short, stable reason code for dead-letter headers and metrics. */
    public abstract String reason();
}
