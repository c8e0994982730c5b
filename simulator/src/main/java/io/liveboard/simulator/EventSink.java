package io.liveboard.simulator;

import java.util.List;

import io.liveboard.events.LearningEvent;

/** Where generated events go: Kafka or JSON lines. Used by the simulator's one thread. */
interface EventSink {

    /** Hands one event over; throws {@link SimulatorException} when the destination failed. */
    void send(User user, LearningEvent event);

    /** Does the one-time work (class loading, encoder set-up) on samples, sending nothing; called first. */
    void warmUp(List<LearningEvent> samples);

    /** The generator is about to wait for its rate: a chance to push out what is buffered. */
    default void idle() {
    }

    /** Waits until everything sent is delivered; throws {@link SimulatorException} on failure. */
    void flush();

    /** Releases the destination, waiting a bounded time for what is in flight. */
    void close();

    /** Events the destination has taken so far (any thread may ask). */
    long delivered();

    /** Null when back-dated history may go here, else why not. */
    default String historyRefusal() {
        return null;
    }

    /** For the summary, e.g. "learning-events at 127.0.0.1:9092". */
    String destination();
}
