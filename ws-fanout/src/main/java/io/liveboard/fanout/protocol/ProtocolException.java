package io.liveboard.fanout.protocol;

/** A client mistake, answered with an {@code error} message; never logged with a stack trace. */
public final class ProtocolException extends RuntimeException {

    private final ErrorCode code;

    public ProtocolException(ErrorCode code, String message) {
        super(message, null, false, false);
        this.code = code;
    }

    public ErrorCode code() {
        return code;
    }
}
