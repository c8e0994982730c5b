package io.liveboard.schema;

/** The bytes are not a single-object-encoded Avro record, or its body is corrupt. */
public final class MalformedRecordException extends RecordDecodingException {

    MalformedRecordException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public String reason() {
        return "malformed";
    }
}
