package io.liveboard.processors.streak;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import io.liveboard.processors.streak.StreakState.Run;
import org.junit.jupiter.api.Test;

class StreakRunsTest {

    @Test
    void daysExtendJoinAndRepeatAsExpected() {
        List<Run> runs = new ArrayList<>();
        assertThat(StreakRuns.add(runs, 10)).isEqualTo(new StreakRuns.Added(new Run(10, 10), 0));
        assertThat(StreakRuns.add(runs, 11)).isEqualTo(new StreakRuns.Added(new Run(10, 11), 1));
        assertThat(StreakRuns.add(runs, 11)).isNull();
        assertThat(StreakRuns.add(runs, 14)).isEqualTo(new StreakRuns.Added(new Run(14, 14), 0));
        assertThat(StreakRuns.add(runs, 15)).isEqualTo(new StreakRuns.Added(new Run(14, 15), 1));
        assertThat(StreakRuns.add(runs, 9)).isEqualTo(new StreakRuns.Added(new Run(9, 11), 2));
        assertThat(StreakRuns.add(runs, 5)).isEqualTo(new StreakRuns.Added(new Run(5, 5), 0));
        assertThat(runs).containsExactly(new Run(5, 5), new Run(9, 11), new Run(14, 15));
        assertThat(StreakRuns.add(runs, 12)).isEqualTo(new StreakRuns.Added(new Run(9, 12), 3));
        // 13 fills the gap between 9..12 and 14..15: one run 9..15, the longer joined run had 4 days.
        assertThat(StreakRuns.add(runs, 13)).isEqualTo(new StreakRuns.Added(new Run(9, 15), 4));
        assertThat(runs).containsExactly(new Run(5, 5), new Run(9, 15));
    }
}
