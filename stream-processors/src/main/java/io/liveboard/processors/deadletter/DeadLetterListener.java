package io.liveboard.processors.deadletter;

/**
 * Told about every dead letter, so the app can count them (a Micrometer counter) without the topology
 * depending on Spring. Counts may run ahead of the topic when a transaction aborts and is retried.
 */
@FunctionalInterface
public interface DeadLetterListener {

    DeadLetterListener NONE = (reason, stage) -> { };

    void deadLettered(String reason, String stage);
}
