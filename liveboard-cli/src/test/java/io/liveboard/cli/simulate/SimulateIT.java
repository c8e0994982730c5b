package io.liveboard.cli.simulate;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.liveboard.catalog.Topic;
import io.liveboard.catalog.TopicCatalog;
import io.liveboard.cli.CliRun;
import io.liveboard.cli.LiveboardCli;
import io.liveboard.events.LearningEvent;
import io.liveboard.events.ScoreUpdated;
import io.liveboard.events.SessionEnded;
import io.liveboard.events.SessionStarted;
import io.liveboard.json.LearningEventValidator;
import io.liveboard.schema.AvroCodec;
import io.liveboard.testing.EmbeddedKafka;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** simulate → a real broker → read back: every record decodes, validates, is keyed by its user, in order. */
class SimulateIT {

    static final Pattern SIMULATED = Pattern.compile("Simulated ([0-9,]+) events");
    static EmbeddedKafka kafka = EmbeddedKafka.shared();

    @Test
    void historyThenLiveEventsLandInLearningEventsAndHistoryIsNotRepeated() {
        TopicCatalog catalog = kafka.createTopics("simulate");
        String topic = catalog.name(Topic.LEARNING_EVENTS);
        String[] base = {"simulate", "--bootstrap", kafka.bootstrapServers(), "--prefix", catalog.prefix(),
                "--users", "40", "--rate", "0", "--history-days", "4"};

        CliRun first = CliRun.of(concat(base, "--max-events", "2000"));
        assertThat(first.exitCode()).as(first.err()).isZero();
        assertThat(first.out()).contains("back-dated, 2,000 live)").contains("-> " + topic + " at " + kafka.bootstrapServers());
        int produced = simulated(first.out());
        assertThat(produced).isGreaterThan(2_000);

        List<ConsumerRecord<String, byte[]>> records = kafka.readAll(topic, produced, Duration.ofSeconds(60));
        assertThat(records).hasSize(produced);
        Map<Integer, List<LearningEvent>> byPartition = new HashMap<>();
        int backDated = 0;
        for (ConsumerRecord<String, byte[]> record : records) {
            LearningEvent event = AvroCodec.shared().decode(record.value(), LearningEvent.class);
            LearningEventValidator.check(event);
            assertThat(record.key()).isEqualTo(Long.toString(event.getUserId()));
            byPartition.computeIfAbsent(record.partition(), p -> new ArrayList<>()).add(event);
            if (sessionId(event).startsWith("h-")) {
                backDated++;
            }
        }
        assertThat(backDated).isEqualTo(produced - 2_000);
        // In each partition (so for each user), every session reads started, updates, ended.
        for (List<LearningEvent> events : byPartition.values()) {
            Map<String, String> state = new HashMap<>();
            for (LearningEvent event : events) {
                String session = sessionId(event);
                String before = state.get(session);
                if (event.getPayload() instanceof SessionStarted) {
                    assertThat(before).isNull();
                    state.put(session, "started");
                } else if (event.getPayload() instanceof ScoreUpdated) {
                    assertThat(before).isEqualTo("started");
                } else {
                    assertThat(before).isEqualTo("started");
                    state.put(session, "ended");
                }
            }
        }

        // A second run finds the topic holding events: live traffic only, no second history.
        CliRun second = CliRun.of(concat(base, "--max-events", "500"));
        assertThat(second.exitCode()).as(second.err()).isZero();
        assertThat(second.out()).contains("Simulated 500 events (no back-dated history: " + topic + " already holds events)");
        assertThat(kafka.readAll(topic, produced + 500, Duration.ofSeconds(60))).hasSize(produced + 500);
    }

    @Test
    void aMissingTopicIsOneLine() {
        CliRun run = CliRun.of("simulate", "--bootstrap", kafka.bootstrapServers(), "--prefix", "it-none.",
                "--users", "5", "--rate", "5");
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err().strip()).isEqualTo("liveboard: topic it-none.learning-events does not exist at "
                + kafka.bootstrapServers() + " (run './liveboard topics' first)");
    }

    @Test
    void withoutADurationItRunsUntilStoppedThenSummarises(@TempDir Path dir) throws Exception {
        TopicCatalog catalog = kafka.createTopics("simulate-stop");
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "-cp", System.getProperty("java.class.path"), LiveboardCli.class.getName(), "simulate",
                "--bootstrap", kafka.bootstrapServers(), "--prefix", catalog.prefix(), "--users", "30",
                "--rate", "200", "--history-days", "0"));
        Path log = dir.resolve("simulate.log");
        Process simulator = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            // Stop it once events arrive.
            String topic = catalog.name(Topic.LEARNING_EVENTS);
            try (Admin admin = kafka.admin()) {
                Map<TopicPartition, OffsetSpec> ends = new HashMap<>();
                for (int p = 0; p < catalog.partitions(Topic.LEARNING_EVENTS); p++) {
                    ends.put(new TopicPartition(topic, p), OffsetSpec.latest());
                }
                org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> admin.listOffsets(ends).all()
                        .get().values().stream().mapToLong(ListOffsetsResult.ListOffsetsResultInfo::offset).sum() > 20);
            }
        } finally {
            simulator.destroy();
        }
        assertThat(simulator.waitFor(30, TimeUnit.SECONDS)).isTrue();
        String output = Files.readString(log);
        assertThat(output).contains("-> " + catalog.name(Topic.LEARNING_EVENTS)).doesNotContain("Exception");
        int produced = simulated(output);
        assertThat(kafka.readAll(catalog, Topic.LEARNING_EVENTS, produced, Duration.ofSeconds(60))).hasSize(produced);
    }

    private static String sessionId(LearningEvent event) {
        Object p = event.getPayload();
        return p instanceof SessionStarted s ? s.getSessionId()
                : p instanceof ScoreUpdated u ? u.getSessionId() : ((SessionEnded) p).getSessionId();
    }

    private static int simulated(String out) {
        Matcher m = SIMULATED.matcher(out);
        assertThat(m.find()).as(out).isTrue();
        return Integer.parseInt(m.group(1).replace(",", ""));
    }

    private static String[] concat(String[] a, String... b) {
        String[] all = new String[a.length + b.length];
        System.arraycopy(a, 0, all, 0, a.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
