package io.liveboard.fanout.protocol;

import java.time.Instant;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SinceTest {

    @Test
    void readsPositionsAndTimes() {
        assertThat(Since.parse(null)).isNull();
        assertThat(Since.parse(" ")).isNull();
        assertThat(Since.parse("1-a")).isEqualTo(new Since.At(Position.of(1, 10)));
        assertThat(Since.parse("2026-02-20T18:30:00Z"))
                .isEqualTo(new Since.After(Instant.parse("2026-02-20T18:30:00Z")));
        assertThat(Since.parse("2026-02-20T19:30:00+01:00"))
                .isEqualTo(new Since.After(Instant.parse("2026-02-20T18:30:00Z")));
    }

    @Test
    void anythingElseIsBadSince() {
        assertThatThrownBy(() -> Since.parse("yesterday")).isInstanceOf(ProtocolException.class)
                .extracting(e -> ((ProtocolException) e).code()).isEqualTo(ErrorCode.BAD_SINCE);
    }
}
