package io.liveboard.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PacerTest {

    @Test
    void letsTheRateThroughAndNoMore() {
        Pacer pacer = new Pacer(1_000, 0);
        long granted = 0;
        // Ask every 10 microseconds for 2 seconds: 200,000 asks, about 2,000 grants.
        for (long t = 0; t < 2_000_000_000L; t += 10_000) {
            granted += pacer.acquire(t) == 0 ? 1 : 0;
        }
        assertThat(granted).isBetween(1_999L, 2_001L);
    }

    @Test
    void saysHowLongToWaitAndAllowsOnlyASmallBurstAfterAPause() {
        Pacer pacer = new Pacer(100, 0);
        assertThat(pacer.acquire(0)).isZero();
        assertThat(pacer.acquire(0)).isEqualTo(10_000_000L);
        assertThat(pacer.acquire(4_000_000L)).isEqualTo(6_000_000L);
        // After 10 s idle, the bucket holds at most 50 ms worth (5 events) instead of 1,000.
        long t = 10_000_000_000L;
        int burst = 0;
        while (pacer.acquire(t) == 0) {
            burst++;
        }
        assertThat(burst).isEqualTo(5);
    }

    @Test
    void wakingALittleLateLosesNoEvents() {
        // 20/s for 10 s, always asking 3 ms after the promised time: still 200 events (+1 at the start).
        Pacer pacer = new Pacer(20, 0);
        long t = 0;
        int granted = 0;
        while (t < 10_000_000_000L) {
            long wait = pacer.acquire(t);
            if (wait == 0) {
                granted++;
            } else {
                t += wait + 3_000_000L;
            }
        }
        assertThat(granted).isBetween(200, 201);
    }

    @Test
    void aSlowRateStillGetsItsFirstEventAtOnce() {
        Pacer pacer = new Pacer(0.5, 0);
        assertThat(pacer.acquire(0)).isZero();
        assertThat(pacer.acquire(1)).isEqualTo(2_000_000_000L - 1);
    }

    @Test
    void refusesARateThatIsNotPositive() {
        assertThatThrownBy(() -> new Pacer(0, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
