package io.liveboard.fanout.auth;

/** A token that is present but not acceptable; the message is safe to show the client. */
public final class InvalidTokenException extends RuntimeException {

    public InvalidTokenException(String message) {
        super(message, null, false, false);
    }
}
