package io.liveboard.fanout.protocol;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PositionTest {

    @Test
    void encodesPartitionAndOffsetInBase36() {
        assertThat(Position.of(2, 1295).encode()).isEqualTo("2-zz");
        assertThat(Position.of(0, -1).encode()).isEqualTo("0--1");
        assertThat(Position.parse("2-zz")).isEqualTo(Position.of(2, 1295));
        assertThat(Position.parse("0--1")).isEqualTo(Position.of(0, -1));
    }

    @Test
    void roundTripsLargeOffsets() {
        Position p = Position.of(4095, Long.MAX_VALUE);
        assertThat(Position.parse(p.encode())).isEqualTo(p);
    }

    @Test
    void vectorsHoldOneOffsetPerPartition() {
        Position v = Position.vector(new long[] {-1, 35, 36});
        assertThat(v.encode()).isEqualTo("~-1.z.10");
        Position back = Position.parse("~-1.z.10");
        assertThat(back.isVector()).isTrue();
        assertThat(back.partitionCount()).isEqualTo(3);
        assertThat(back.offsetIn(2)).isEqualTo(36);
    }

    @Test
    void rejectsWhatIsNotAPosition() {
        for (String s : new String[] {"", "abc", "-1-2", "1-", "1--2", "1-+5", "2026-02-20T18:30:00Z", "~", "~a..b",
                "99999-1", "1-2-3"}) {
            assertThat(Position.parse(s)).as(s).isNull();
        }
    }
}
