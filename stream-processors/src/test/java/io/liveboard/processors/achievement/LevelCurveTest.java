package io.liveboard.processors.achievement;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LevelCurveTest {

    @Test
    void levelNTakesFiftyTimesNTimesNMinusOnePoints() {
        assertThat(LevelCurve.levelOf(0)).isEqualTo(1);
        assertThat(LevelCurve.levelOf(99)).isEqualTo(1);
        assertThat(LevelCurve.levelOf(100)).isEqualTo(2);
        assertThat(LevelCurve.levelOf(299)).isEqualTo(2);
        assertThat(LevelCurve.levelOf(300)).isEqualTo(3);
        assertThat(LevelCurve.levelOf(999)).isEqualTo(4);
        assertThat(LevelCurve.levelOf(1000)).isEqualTo(5);
        assertThat(LevelCurve.levelOf(4500)).isEqualTo(10);
        assertThat(LevelCurve.levelOf(18_999)).isEqualTo(19);
        assertThat(LevelCurve.levelOf(19_000)).isEqualTo(20);
        for (int level = 1; level < 2000; level++) {
            assertThat(LevelCurve.levelOf(LevelCurve.pointsFor(level))).isEqualTo(level);
            assertThat(LevelCurve.levelOf(LevelCurve.pointsFor(level + 1) - 1)).isEqualTo(level);
        }
    }
}
