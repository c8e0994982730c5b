package io.liveboard.schema;

/** The bytes name a schema fingerprint that no released schema of this build has. */
public final class UnknownSchemaException extends RecordDecodingException {

    private final long fingerprint;

    UnknownSchemaException(long fingerprint, String detail) {
        super("unknown schema fingerprint " + hex(fingerprint) + ": " + detail, null);
        this.fingerprint = fingerprint;
    }

    public long fingerprint() {
        return fingerprint;
    }

    @Override
    public String reason() {
        return "unknown-schema";
    }

    static String hex(long fingerprint) {
        return String.format("%016x", fingerprint);
    }
}
