package io.liveboard.simulator;

/** Why a simulator could not start or stopped early; the message is one line a user can act on. */
public final class SimulatorException extends RuntimeException {

    /** What went wrong, for callers that word it their own way. */
    public enum Reason {
        /** No Kafka answered at the bootstrap address within the timeout. */
        KAFKA_UNREACHABLE,
        /** The learning-events topic does not exist. */
        TOPIC_MISSING,
        /** Kafka refused or stopped taking events. */
        KAFKA_FAILED,
        /** The JSON-lines output could not be written. */
        OUTPUT_FAILED,
        /** The reader of the JSON lines went away (e.g. {@code | head}): a normal way to end. */
        OUTPUT_CLOSED,
        /** A bug: the message names the exception. */
        INTERNAL
    }

    private final Reason reason;

    public SimulatorException(Reason reason, String message) {
        this(reason, message, null);
    }

    public SimulatorException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
