package io.liveboard.simulator;

import java.util.UUID;

/**
 * Deterministic ids from the seed: a repeated run (same seed, same inputs) yields the same event ids, so
 * processors that drop duplicates count it once. SplitMix64 finalizers keep this cheap (no hashing of strings).
 */
final class Ids {

    private Ids() {
    }

    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    static long mix(long a, long b) {
        return mix(mix(a) + 0x9e3779b97f4a7c15L * (b + 1));
    }

    static long mix(long a, long b, long c) {
        return mix(mix(a, b), c);
    }

    /** A version-4-shaped UUID determined by the two inputs. */
    static String uuid(long stream, long counter) {
        long hi = mix(stream, counter);
        long lo = mix(hi, ~counter);
        hi = (hi & ~0xF000L) | 0x4000L;
        lo = (lo & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L;
        return new UUID(hi, lo).toString();
    }

    /** A short tag for session and match ids (letters and digits only). */
    static String tag(long value) {
        return Long.toString(value & 0xFF_FFFF_FFFFL, 36);
    }
}
