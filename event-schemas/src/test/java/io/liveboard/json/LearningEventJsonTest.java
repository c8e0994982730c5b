package io.liveboard.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;

import io.liveboard.events.LearningEvent;
import io.liveboard.events.ScoreUpdated;
import io.liveboard.events.SessionEnded;
import io.liveboard.events.SessionStarted;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.util.stream.Stream;

class LearningEventJsonTest {

    static final String STARTED = "{\"type\":\"session.started\",\"user_id\":42,\"username\":\"ada\",\"app\":\"typing\","
            + "\"occurred_at\":\"2026-11-26T10:00:00Z\",\"timezone\":\"Europe/Paris\",\"session_id\":\"s-1\","
            + "\"mode\":\"practice\",\"match_id\":\"m-7\"}";
    static final String SCORE = "{\"type\":\"score.updated\",\"user_id\":42,\"username\":\"ada\",\"app\":\"typing\","
            + "\"occurred_at\":\"2026-11-26T10:00:05Z\",\"session_id\":\"s-1\",\"wpm\":88.5,\"accuracy\":97.1,"
            + "\"score\":120,\"elapsed_ms\":5000}";
    static final String ENDED = "{\"type\":\"session.ended\",\"user_id\":42,\"username\":\"ada\",\"app\":\"typing\","
            + "\"occurred_at\":\"2026-11-26T10:05:00Z\",\"session_id\":\"s-1\",\"wpm\":91.0,\"accuracy\":98.0,"
            + "\"duration_ms\":300000,\"completed\":true,\"points\":40}";

    @Test
    void parsesTheThreeInputTypesOfTheIssue() {
        LearningEvent started = LearningEventJson.parse(STARTED);
        assertThat(started.getUserId()).isEqualTo(42);
        assertThat(started.getTimezone()).isEqualTo("Europe/Paris");
        assertThat(started.getOccurredAt()).isEqualTo(Instant.parse("2026-11-26T10:00:00Z"));
        assertThat(started.getPayload()).isEqualTo(new SessionStarted("s-1", "practice", "m-7"));

        ScoreUpdated score = (ScoreUpdated) LearningEventJson.parse(SCORE).getPayload();
        assertThat(score.getWpm()).isEqualTo(88.5);
        assertThat(score.getScore()).isEqualTo(120.0);
        assertThat(score.getComprehension()).isNull();
        assertThat(score.getElapsedMs()).isEqualTo(5000);

        SessionEnded ended = (SessionEnded) LearningEventJson.parse(ENDED).getPayload();
        assertThat(ended.getCompleted()).isTrue();
        assertThat(ended.getPoints()).isEqualTo(40);
        assertThat(ended.getDurationMs()).isEqualTo(300_000);
        assertThat(LearningEventJson.parse(ENDED).getTimezone()).isNull();
    }

    @Test
    void aMissingEventIdIsDerivedFromTheContentSoTheSameLineCountsOnce() {
        String a = LearningEventJson.parse(SCORE).getEventId();
        assertThat(a).matches("[0-9a-f-]{36}");
        assertThat(LearningEventJson.parse(SCORE).getEventId()).isEqualTo(a);
        assertThat(LearningEventJson.parse(SCORE.replace("5000", "5001")).getEventId()).isNotEqualTo(a);
        String given = SCORE.replace("{", "{\"event_id\":\"11111111-2222-3333-4444-555555555555\",");
        assertThat(LearningEventJson.parse(given).getEventId()).isEqualTo("11111111-2222-3333-4444-555555555555");
    }

    @Test
    void writingAndParsingAgainIsLossless() {
        for (String line : new String[] {STARTED, SCORE, ENDED}) {
            LearningEvent event = LearningEventJson.parse(line);
            String json = LearningEventJson.toJson(event);
            assertThat(LearningEventJson.parse(json)).isEqualTo(event);
            assertThat(json).startsWith("{\"type\":").contains("\"occurred_at\":\"2026-11-26T10:0");
        }
    }

    @Test
    void acceptsOffsetsAndEpochMillis() {
        LearningEvent offset = LearningEventJson.parse(ENDED.replace("2026-11-26T10:05:00Z", "2026-11-26T11:05:00+01:00"));
        assertThat(offset.getOccurredAt()).isEqualTo(Instant.parse("2026-11-26T10:05:00Z"));
        LearningEvent millis = LearningEventJson.parse(ENDED.replace("\"2026-11-26T10:05:00Z\"", "1795687500000"));
        assertThat(millis.getOccurredAt()).isEqualTo(Instant.ofEpochMilli(1795687500000L));
    }

    static Stream<Arguments> badLines() {
        return Stream.of(
                arguments("not json", "not valid JSON"),
                arguments("[1,2]", "expected a JSON object"),
                arguments("{\"type\":\"session.paused\"}", "unknown type 'session.paused'"),
                arguments("{\"type\":\"session.ended\"}", "missing field"),
                arguments(ENDED.replace("\"wpm\"", "\"wmp\""), "unknown field 'wmp'"),
                arguments(ENDED.replace("\"user_id\":42", "\"user_id\":\"42\""), "field 'user_id' must be an integer"),
                arguments(ENDED.replace("\"user_id\":42", "\"user_id\":-3"), "user_id must be a positive integer"),
                arguments(ENDED.replace("\"accuracy\":98.0", "\"accuracy\":101"), "accuracy must be between 0 and 100"),
                arguments(ENDED.replace("\"typing\"", "\"chess\""), "unknown app 'chess'"),
                arguments(ENDED.replace("2026-11-26T10:05:00Z", "yesterday"), "not an ISO-8601 time"),
                arguments(ENDED.replace("\"completed\":true", "\"completed\":\"yes\""), "must be true or false"),
                arguments(ENDED.replace("\"wpm\":91.0,", ""), "a completed typing session needs wpm"),
                arguments(ENDED.replace("\"s-1\"", "\"s:1\""), "session_id must be"),
                arguments(ENDED.replace("\"event_id\"", "x").replace("{", "{\"event_id\":\"abc\","), "event_id must be a UUID"),
                arguments(STARTED.replace("Europe/Paris", "Mars/Olympus"), "unknown timezone 'Mars/Olympus'"),
                arguments(SCORE.replace("\"elapsed_ms\":5000", "\"elapsed_ms\":-1"), "elapsed_ms must be between"));
    }

    @ParameterizedTest
    @MethodSource("badLines")
    void badLinesAreRejectedWithOneLineSayingWhy(String line, String reason) {
        assertThatThrownBy(() -> LearningEventJson.parse(line)).isInstanceOf(InvalidEventException.class)
                .hasMessageContaining(reason).hasMessageNotContaining("\n");
    }

    @Test
    void anIncompleteSessionNeedsNoMetric() {
        String abandoned = ENDED.replace("\"wpm\":91.0,", "").replace("\"completed\":true", "\"completed\":false");
        assertThat(((SessionEnded) LearningEventJson.parse(abandoned).getPayload()).getCompleted()).isFalse();
    }
}
