package io.liveboard.catalog;

/** A channel string that is not one of the forms of DESIGN.md §5. The message is safe to show a client. */
public final class InvalidChannelException extends IllegalArgumentException {

    public InvalidChannelException(String message) {
        super(message);
    }
}
