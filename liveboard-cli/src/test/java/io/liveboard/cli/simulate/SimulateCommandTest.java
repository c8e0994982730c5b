package io.liveboard.cli.simulate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.util.List;
import java.util.stream.Stream;

import io.liveboard.cli.CliRun;
import io.liveboard.events.LearningEvent;
import io.liveboard.json.LearningEventJson;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** {@code liveboard simulate} without Kafka: usage errors, JSON lines, an unreachable broker. */
class SimulateCommandTest {

    static Stream<Arguments> badCommandLines() {
        return Stream.of(
                arguments(new String[] {"simulate", "--rate", "10"}, "Missing required option: '--users=N'"),
                arguments(new String[] {"simulate", "--users", "10"}, "Missing required option: '--rate=EVENTS_PER_S'"),
                arguments(new String[] {"simulate", "--users", "0", "--rate", "10"}, "--users must be between 1 and 1,000,000, not 0"),
                arguments(new String[] {"simulate", "--users", "2000000", "--rate", "10"}, "--users must be between 1 and 1,000,000"),
                arguments(new String[] {"simulate", "--users", "ten", "--rate", "10"}, "Invalid value for option '--users'"),
                arguments(new String[] {"simulate", "--users", "10", "--rate", "-5"}, "--rate must be 0 (as fast as possible) or 0.01 events per second or more, not -5.0"),
                arguments(new String[] {"simulate", "--users", "10", "--rate", "0.001"}, "--rate must be 0"),
                arguments(new String[] {"simulate", "--users", "10", "--rate", "NaN"}, "--rate must be 0"),
                arguments(new String[] {"simulate", "--users", "10", "--rate", "Infinity"}, "--rate must be 0"),
                arguments(new String[] {"simulate", "--users", "10", "--rate", "fast"}, "Invalid value for option '--rate'"),
                arguments(new String[] {"simulate", "--users", "10", "--rate", "1", "--duration", "soon"}, "is not a duration"),
                arguments(new String[] {"simulate", "--users", "10", "--rate", "1", "--duration", "0s"}, "--duration must be positive"),
                arguments(new String[] {"simulate", "--users", "10", "--rate", "1", "--max-events", "0"}, "--max-events must be at least 1"),
                arguments(new String[] {"simulate", "--users", "10", "--rate", "1", "--history-days", "-1"}, "--history-days must be between 0 and 3650"),
                arguments(new String[] {"simulate", "--users", "10", "--rate", "1", "--format", "xml"}, "Invalid value for option '--format'"),
                arguments(new String[] {"simulate", "--users", "10", "--rate", "1", "--prefix", "bad prefix!"}, "prefix may hold only"),
                arguments(new String[] {"simulate", "--users", "10", "--rate", "1", "--bootstrap", "nohost"}, "--bootstrap must be HOST:PORT"));
    }

    @ParameterizedTest
    @MethodSource("badCommandLines")
    void badCommandLinesGetAReasonAndExit2(String[] args, String reason) {
        CliRun run = CliRun.of(args);
        assertThat(run.exitCode()).as(run.err()).isEqualTo(2);
        assertThat(run.err()).contains(reason).contains("--help");
        assertThat(run.err().lines().count()).as(run.err()).isLessThanOrEqualTo(2);
        assertThat(run.clean()).as(run.err()).isTrue();
        assertThat(run.out()).isEmpty();
    }

    @Test
    void helpTellsWhatItDoes() {
        CliRun run = CliRun.of("simulate", "--help");
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("Usage: liveboard simulate", "--users=N", "--rate=EVENTS_PER_S", "--duration",
                "--history-days", "--format", "jsonl", "--seed");
        assertThat(CliRun.of("--help").out()).contains("simulate");
    }

    @Test
    void jsonLinesAreWhatProduceReadsHistoryFirst() {
        CliRun run = CliRun.of("simulate", "--users", "20", "--rate", "0", "--max-events", "500", "--history-days", "2",
                "--format", "jsonl");
        assertThat(run.exitCode()).as(run.err()).isZero();
        List<LearningEvent> events = run.out().lines().map(LearningEventJson::parse).toList();
        assertThat(events.size()).isGreaterThan(500);
        // The summary (stderr, so stdout stays pure JSON lines) counts what was written.
        assertThat(run.err()).contains("Simulated " + String.format("%,d", events.size()) + " events (")
                .contains(String.format("%,d", events.size() - 500) + " back-dated, 500 live)").contains("-> JSON lines.");
        List<LearningEvent> live = events.subList(events.size() - 500, events.size());
        long liveStart = live.get(0).getOccurredAt().toEpochMilli();
        assertThat(events.subList(0, events.size() - 500)).allMatch(e -> e.getOccurredAt().toEpochMilli() < liveStart);
        assertThat(run.clean()).isTrue();
    }

    @Test
    void theSameSeedGivesTheSameLearners() {
        String[] args = {"simulate", "--users", "30", "--rate", "0", "--max-events", "200", "--history-days", "0",
                "--format", "jsonl", "--seed", "77"};
        List<String> first = CliRun.of(args).out().lines().map(l -> LearningEventJson.parse(l).getUsername()).distinct().sorted().toList();
        List<String> again = CliRun.of(args).out().lines().map(l -> LearningEventJson.parse(l).getUsername()).distinct().sorted().toList();
        assertThat(first).hasSizeGreaterThan(10).isEqualTo(again);
    }

    @Test
    void anUnreachableKafkaIsOneLineAndExit1() {
        CliRun run = CliRun.of("simulate", "--users", "5", "--rate", "10", "--bootstrap", "127.0.0.1:1", "--timeout", "1s");
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err().strip()).isEqualTo("liveboard: cannot reach Kafka at 127.0.0.1:1 within 1s (is it running? "
                + "'./liveboard kafka start' starts a local broker)");
        assertThat(run.out()).isEmpty();
    }
}
