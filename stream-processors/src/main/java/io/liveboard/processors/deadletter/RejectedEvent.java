package io.liveboard.processors.deadletter;

/**
 * A decoded event that breaks a rule only state can check (e.g. a session ended that never started).
 * Thrown before any state is written, so rejecting it changes nothing; it becomes a dead letter.
 */
public final class RejectedEvent extends RuntimeException {

    private final String stage;

    public RejectedEvent(String stage, String message) {
        super(message, null, false, false);
        this.stage = stage;
    }

    public String stage() {
        return stage;
    }
}
