package io.liveboard.simulator;

/**
 * Token bucket: tokens accrue at the rate, up to a small burst (50 ms worth, at least two, so waking a
 * little late loses nothing), and each event takes one. Pure arithmetic on the times it is given, so
 * tests drive it with any clock.
 */
final class Pacer {

    private final double nanosPerEvent;
    private final double capacity;
    private double tokens = 1;
    private long last;

    Pacer(double eventsPerSecond, long startNanos) {
        if (!(eventsPerSecond > 0)) {
            throw new IllegalArgumentException("rate must be positive: " + eventsPerSecond);
        }
        this.nanosPerEvent = 1e9 / eventsPerSecond;
        this.capacity = Math.max(2, Math.min(eventsPerSecond * 0.05, 10_000));
        this.last = startNanos;
    }

    /** Takes a token and returns 0, or returns how many nanoseconds until one is available. */
    long acquire(long nowNanos) {
        if (nowNanos > last) {
            tokens = Math.min(capacity, tokens + (nowNanos - last) / nanosPerEvent);
            last = nowNanos;
        }
        if (tokens >= 1) {
            tokens -= 1;
            return 0;
        }
        return Math.max(1, (long) Math.ceil((1 - tokens) * nanosPerEvent));
    }
}
