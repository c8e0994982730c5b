package io.liveboard.json;

/** An input event that cannot be accepted; the message is one line saying why, fit to show a user. */
public final class InvalidEventException extends IllegalArgumentException {

    public InvalidEventException(String message) {
        super(message);
    }
}
