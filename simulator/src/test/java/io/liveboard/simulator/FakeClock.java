package io.liveboard.simulator;

/** Time that moves only when the simulator waits (or a test says so): runs are exact and instant. */
final class FakeClock implements SimClock {

    private final long epochMs;
    private volatile long nanos = 1_000_000_000L;

    FakeClock(long epochMs) {
        this.epochMs = epochMs;
    }

    @Override
    public long millis() {
        return epochMs + (nanos - 1_000_000_000L) / 1_000_000;
    }

    @Override
    public long nanoTime() {
        return nanos;
    }

    @Override
    public void park(long waitNanos) {
        nanos += waitNanos;
    }

    void advanceMillis(long ms) {
        nanos += ms * 1_000_000;
    }
}
