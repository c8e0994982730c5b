package io.liveboard.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.StringWriter;
import java.io.Writer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import io.liveboard.events.LearningEvent;
import io.liveboard.json.LearningEventJson;
import org.junit.jupiter.api.Test;

/** The simulator as the launcher and the CLI drive it: start, pace, bound, stop, report. */
class SimulatorTest {

    static final long NOW = Instant.parse("2026-11-26T10:00:00Z").toEpochMilli();

    static SimulatorConfig config() {
        return SimulatorConfig.defaults().withUsers(50).withHistoryDays(0).withSeed(9);
    }

    static Simulator jsonLines(SimulatorConfig config, Writer out, SimClock clock) {
        return new Simulator(config, c -> new JsonLinesSink(out), clock);
    }

    static List<LearningEvent> parse(String lines) {
        return lines.lines().map(LearningEventJson::parse).toList();
    }

    @Test
    void pacesToTheRateForTheDuration() throws Exception {
        StringWriter out = new StringWriter();
        FakeClock clock = new FakeClock(NOW);
        try (Simulator simulator = jsonLines(config().withRate(500).withDuration(Duration.ofSeconds(2)), out, clock)) {
            simulator.start();
            assertThat(simulator.awaitTermination(Duration.ofSeconds(30))).isTrue();
            SimulatorStats stats = simulator.stats();
            // 500/s for 2 s of (fake) time: 1,000 events, give or take the first token.
            assertThat(stats.liveEvents()).isBetween(999L, 1_001L);
            assertThat(stats.liveElapsed()).isEqualTo(Duration.ofSeconds(2));
            assertThat(stats.liveRate()).isBetween(499.0, 501.0);
            assertThat(stats.phase()).isEqualTo(Simulator.Phase.DONE);
            assertThat(stats.delivered()).isEqualTo(stats.liveEvents());
            assertThat(simulator.failure()).isEmpty();
        }
        List<LearningEvent> events = parse(out.toString());
        assertThat(events).hasSize(1_000);
        // Live events carry the (fake) wall clock: they spread over the 2 seconds.
        assertThat(events.get(0).getOccurredAt().toEpochMilli()).isEqualTo(NOW);
        assertThat(events.get(events.size() - 1).getOccurredAt().toEpochMilli()).isBetween(NOW + 1_990, NOW + 2_000);
    }

    @Test
    void stopsAfterMaxEventsAndWritesLinesThatProduceReads() throws Exception {
        StringWriter out = new StringWriter();
        try (Simulator simulator = jsonLines(config().withRate(0).withMaxEvents(5_000), out, SimClock.SYSTEM)) {
            simulator.start();
            assertThat(simulator.awaitTermination(Duration.ofSeconds(30))).isTrue();
            assertThat(simulator.stats().liveEvents()).isEqualTo(5_000);
        }
        assertThat(parse(out.toString())).hasSize(5_000);
    }

    @Test
    void historyComesFirstThenLiveTraffic() throws Exception {
        StringWriter out = new StringWriter();
        FakeClock clock = new FakeClock(NOW);
        SimulatorStats stats;
        try (Simulator simulator = jsonLines(config().withUsers(30).withHistoryDays(3).withRate(0).withMaxEvents(100),
                out, clock)) {
            simulator.start();
            assertThat(simulator.awaitTermination(Duration.ofSeconds(30))).isTrue();
            stats = simulator.stats();
        }
        List<LearningEvent> events = parse(out.toString());
        assertThat(stats.historyEvents()).isPositive();
        assertThat(stats.historySkipped()).isNull();
        assertThat(events).hasSize((int) stats.events());
        assertThat(stats.liveEvents()).isEqualTo(100);
        List<LearningEvent> history = events.subList(0, (int) stats.historyEvents());
        assertThat(history).allMatch(e -> e.getOccurredAt().toEpochMilli() < NOW);
        assertThat(events.subList(history.size(), events.size())).allMatch(e -> e.getOccurredAt().toEpochMilli() >= NOW);
    }

    @Test
    void closeStopsAnEndlessRunPromptlyAndCleanly() throws Exception {
        StringWriter out = new StringWriter();
        Simulator simulator = jsonLines(config().withRate(2_000), out, SimClock.SYSTEM).start();
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> simulator.stats().liveEvents() > 100);
        long start = System.nanoTime();
        simulator.close();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        assertThat(simulator.isRunning()).isFalse();
        assertThat(simulator.stats().phase()).isEqualTo(Simulator.Phase.DONE);
        assertThat(simulator.failure()).isEmpty();
        // Alive ones only: a thread that has ended can stay listed for a moment after join() returned.
        assertThat(Thread.getAllStackTraces().keySet())
                .noneMatch(t -> t.getName().equals("liveboard-simulator") && t.isAlive());
        // Everything generated was written, in whole lines.
        assertThat(parse(out.toString())).hasSize((int) simulator.stats().liveEvents());
        simulator.close();
        assertThatThrownBy(simulator::start).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void simulatorsShareNothing() throws Exception {
        StringWriter a = new StringWriter();
        StringWriter b = new StringWriter();
        try (Simulator first = jsonLines(config().withRate(0).withMaxEvents(20_000), a, new FakeClock(NOW));
             Simulator second = jsonLines(config().withRate(0).withMaxEvents(20_000), b, new FakeClock(NOW))) {
            first.start();
            second.start();
            assertThat(first.awaitTermination(Duration.ofSeconds(30))).isTrue();
            assertThat(second.awaitTermination(Duration.ofSeconds(30))).isTrue();
        }
        // Running at the same time, same seed and clock: the same traffic, so neither disturbed the other.
        assertThat(a.toString()).isEqualTo(b.toString()).isNotEmpty();
    }

    @Test
    void aBrokenOutputStopsTheSimulatorWithAReason() throws Exception {
        Writer broken = new Writer() {
            @Override
            public void write(char[] buf, int off, int len) throws IOException {
                throw new IOException("disk full");
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        try (Simulator simulator = jsonLines(config().withRate(0), broken, SimClock.SYSTEM)) {
            simulator.start();
            assertThat(simulator.awaitTermination(Duration.ofSeconds(30))).isTrue();
            assertThat(simulator.failure()).hasValueSatisfying(e -> {
                assertThat(e.reason()).isEqualTo(SimulatorException.Reason.OUTPUT_FAILED);
                assertThat(e.getMessage()).isEqualTo("cannot write events: disk full");
            });
        }
    }

    @Test
    void aReaderThatGoesAwayEndsAFlatOutRunQuietly() throws Exception {
        // Like '| head': the PrintWriter swallows the broken pipe; the simulator notices and stops.
        java.io.OutputStream closesSoon = new java.io.OutputStream() {
            private long bytes;

            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                bytes += len;
                if (bytes > 100_000) {
                    throw new IOException("Broken pipe");
                }
            }
        };
        try (Simulator simulator = jsonLines(config().withRate(0), new java.io.PrintWriter(closesSoon, true), SimClock.SYSTEM)) {
            simulator.start();
            assertThat(simulator.awaitTermination(Duration.ofSeconds(30))).isTrue();
            assertThat(simulator.failure()).hasValueSatisfying(
                    e -> assertThat(e.reason()).isEqualTo(SimulatorException.Reason.OUTPUT_CLOSED));
            assertThat(simulator.stats().liveEvents()).isLessThan(10_000);
        }
    }

    @Test
    void configRefusesNonsenseWithAReason() {
        SimulatorConfig ok = SimulatorConfig.defaults();
        assertThatThrownBy(() -> ok.withUsers(0)).hasMessageContaining("users must be between 1 and 1000000 (got 0)");
        assertThatThrownBy(() -> ok.withRate(-1)).hasMessageContaining("rate must be 0");
        assertThatThrownBy(() -> ok.withRate(Double.NaN)).hasMessageContaining("rate must be 0");
        assertThatThrownBy(() -> ok.withHistoryDays(-1)).hasMessageContaining("history days");
        assertThatThrownBy(() -> ok.withDuration(Duration.ZERO)).hasMessageContaining("duration must be positive");
        assertThatThrownBy(() -> ok.withPrefix("a b")).hasMessageContaining("prefix");
        assertThat(ok.users()).isEqualTo(200);
        assertThat(ok.historyDays()).isEqualTo(110);
    }
}
