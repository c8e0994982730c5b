package io.liveboard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.junit.jupiter.params.provider.Arguments.arguments;

/** Bad command lines: one line saying why, a pointer to --help, exit 2, never a stack trace. */
class CliUsageTest {

    static Stream<Arguments> badCommandLines() {
        return Stream.of(
                arguments(new String[] {"frobnicate"}, "Unmatched argument"),
                arguments(new String[] {"replay"}, "Missing required option: '--topic=TOPIC'"),
                arguments(new String[] {"replay", "--topic", "activity", "--bootstrap", "nohost"}, "--bootstrap must be HOST:PORT"),
                arguments(new String[] {"replay", "--topic", "activity", "--from", "yesterday"}, "neither an offset nor an ISO-8601 time"),
                arguments(new String[] {"replay", "--topic", "activity", "--follow", "--to", "5"}, "cannot be combined with --to"),
                arguments(new String[] {"replay", "--topic", "activity", "--format", "avro"}, "give it --out FILE"),
                arguments(new String[] {"replay", "--topic", "activity", "--format", "xml"}, "Invalid value for option '--format'"),
                arguments(new String[] {"replay", "--topic", "nosuch"}, "unknown topic 'nosuch'"),
                arguments(new String[] {"replay", "--topic", "activity", "--from", "9", "--to", "3"}, "--to offset is before --from"),
                arguments(new String[] {"topics", "--timeout", "soon"}, "is not a duration"),
                arguments(new String[] {"topics", "--prefix", "bad prefix!"}, "prefix may hold only"),
                arguments(new String[] {"kafka"}, "missing subcommand"),
                arguments(new String[] {"kafka", "start", "--port", "70000"}, "--port must be between 1 and 65535"),
                arguments(new String[] {"kafka", "start", "--port", "abc"}, "Invalid value for option '--port'"),
                arguments(new String[] {"produce", "a", "b"}, "Unmatched argument"));
    }

    @ParameterizedTest
    @MethodSource("badCommandLines")
    void badCommandLinesGetAReasonAndExit2(String[] args, String reason) {
        CliRun run = CliRun.of(args);
        assertThat(run.exitCode()).as(run.err()).isEqualTo(2);
        assertThat(run.err()).contains(reason).contains("--help");
        assertThat(run.clean()).as(run.err()).isTrue();
    }

    @Test
    void helpIsOfferedEverywhere() {
        CliRun root = CliRun.of("--help");
        assertThat(root.exitCode()).isZero();
        assertThat(root.out()).contains("kafka", "topics", "produce", "replay", "--bootstrap HOST:PORT");
        for (String[] args : new String[][] {{"help", "replay"}, {"replay", "--help"}, {"kafka", "start", "--help"},
                {"kafka", "stop", "--help"}, {"kafka", "status", "--help"}, {"topics", "--help"}, {"produce", "--help"}}) {
            CliRun run = CliRun.of(args);
            assertThat(run.exitCode()).as(String.join(" ", args)).isZero();
            assertThat(run.out()).as(String.join(" ", args)).contains("Usage: liveboard");
        }
        assertThat(CliRun.of("produce", "--help").out()).contains("session.ended", "--skip-invalid");
    }

    @Test
    void validateOnlyReportsEveryBadLineByNumberWithoutKafka(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("events.jsonl");
        Files.writeString(file, """
                {"type":"session.started","user_id":42,"username":"ada","app":"typing","occurred_at":"2026-11-26T10:00:00Z","session_id":"s-1","mode":"practice"}
                {"type":"session.started","user_id":42,"username":"ada","app":"chess","occurred_at":"2026-11-26T10:00:00Z","session_id":"s-1","mode":"practice"}

                not json
                """);
        CliRun run = CliRun.of("produce", "--validate-only", file.toString());
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("line 2: unknown app 'chess'").contains("line 4: not valid JSON")
                .doesNotContain("line 1").doesNotContain("line 3");
        assertThat(run.out()).contains("1 valid events, 2 invalid lines");
        assertThat(run.clean()).isTrue();
    }

    @Test
    void aMissingFileIsOneLine(@TempDir Path dir) {
        CliRun run = CliRun.of("produce", dir.resolve("nope.jsonl").toString());
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err().strip()).isEqualTo("liveboard: no such file: " + dir.resolve("nope.jsonl"));
    }

    @Test
    void anUnreachableKafkaIsOneLineAndQuick() {
        long start = System.nanoTime();
        CliRun run = CliRun.of("topics", "--bootstrap", "127.0.0.1:1", "--timeout", "1s");
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("cannot reach Kafka at 127.0.0.1:1 within 1s");
        assertThat(run.err().lines().count()).isEqualTo(1);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(20));
    }

    @Test
    void durationsReadAsPeopleWriteThem() {
        assertThat(DurationConverter.parse("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(DurationConverter.parse("90d")).isEqualTo(Duration.ofDays(90));
        assertThat(DurationConverter.parse("PT1H")).isEqualTo(Duration.ofHours(1));
    }
}
