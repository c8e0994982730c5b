package io.liveboard.simulator;

import java.util.concurrent.locks.LockSupport;

/** Wall time for occurred_at, a monotonic clock for pacing, and parking; tests replace it with a fake. */
interface SimClock {

    /** Wall-clock epoch milliseconds: what live events carry as occurred_at. */
    long millis();

    /** Monotonic nanoseconds for pacing and deadlines. */
    long nanoTime();

    /** Waits up to {@code nanos} (less when unparked). */
    void park(long nanos);

    SimClock SYSTEM = new SimClock() {
        @Override
        public long millis() {
            return System.currentTimeMillis();
        }

        @Override
        public long nanoTime() {
            return System.nanoTime();
        }

        @Override
        public void park(long nanos) {
            LockSupport.parkNanos(nanos);
        }
    };
}
