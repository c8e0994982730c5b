package io.liveboard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.liveboard.catalog.Topic;
import io.liveboard.catalog.TopicCatalog;
import io.liveboard.events.LearningEvent;
import io.liveboard.events.SessionEnded;
import io.liveboard.json.LearningEventJson;
import io.liveboard.testing.EmbeddedKafka;
import org.apache.avro.file.DataFileReader;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** produce → Kafka → replay on a real broker, and Kafka's own tools see what we wrote. */
class ProduceReplayIT {

    static final JsonMapper JSON = JsonMapper.builder().build();
    static final List<String> EVENTS = List.of(
            "{\"type\":\"session.started\",\"user_id\":42,\"username\":\"ada\",\"app\":\"typing\",\"occurred_at\":\"2026-11-26T10:00:00Z\",\"timezone\":\"Europe/Paris\",\"session_id\":\"s-1\",\"mode\":\"practice\",\"match_id\":\"m-7\"}",
            "{\"type\":\"score.updated\",\"user_id\":42,\"username\":\"ada\",\"app\":\"typing\",\"occurred_at\":\"2026-11-26T10:00:05Z\",\"session_id\":\"s-1\",\"wpm\":88.5,\"accuracy\":97.1,\"score\":120,\"elapsed_ms\":5000,\"progress\":0.25}",
            "{\"type\":\"session.ended\",\"user_id\":42,\"username\":\"ada\",\"app\":\"typing\",\"occurred_at\":\"2026-11-26T10:05:00Z\",\"session_id\":\"s-1\",\"wpm\":91.0,\"accuracy\":98.0,\"duration_ms\":300000,\"completed\":true,\"points\":40}",
            "{\"type\":\"session.started\",\"event_id\":\"0b7e7d52-6a55-4c5e-9f0e-6f0a3c1d2e3f\",\"user_id\":7,\"username\":\"Zoë 🎹\",\"app\":\"piano\",\"occurred_at\":\"2026-03-29T00:30:00+01:00\",\"session_id\":\"p.9_x\",\"mode\":\"exam\"}",
            "{\"type\":\"score.updated\",\"user_id\":7,\"username\":\"Zoë 🎹\",\"app\":\"piano\",\"occurred_at\":\"2026-03-29T00:31:00Z\",\"session_id\":\"p.9_x\",\"score\":310,\"elapsed_ms\":60000}",
            "{\"type\":\"session.ended\",\"user_id\":7,\"username\":\"Zoë 🎹\",\"app\":\"piano\",\"occurred_at\":\"2026-03-29T00:40:00Z\",\"session_id\":\"p.9_x\",\"score\":900,\"accuracy\":88.0,\"duration_ms\":600000,\"completed\":false}",
            "{\"type\":\"session.ended\",\"user_id\":9,\"username\":\"bo\",\"app\":\"reading\",\"occurred_at\":\"2026-03-29T00:40:00Z\",\"session_id\":\"r1\",\"comprehension\":77.5,\"duration_ms\":1,\"completed\":true}",
            "{\"type\":\"session.ended\",\"user_id\":9,\"username\":\"bo\",\"app\":\"math\",\"occurred_at\":1795687500000,\"session_id\":\"m1\",\"accuracy\":100,\"duration_ms\":1,\"completed\":true,\"points\":3}");

    static EmbeddedKafka kafka = EmbeddedKafka.shared();
    /** Each test gets its own topics. */
    private final String prefix = EmbeddedKafka.uniquePrefix("cli");

    @BeforeEach
    void topics() {
        CliRun run = cli("topics", "--partitions", "2");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("7 topics created");
        CliRun again = cli("topics");
        assertThat(again.exitCode()).isZero();
        assertThat(again.out()).contains("0 topics created, 7 already existed");
    }

    CliRun cli(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--bootstrap", kafka.bootstrapServers(), "--prefix", prefix));
        return CliRun.of(all.toArray(String[]::new));
    }

    @Test
    void everyInputTypeSurvivesProduceThenReplayAsJsonLinesAndAsAvro(@TempDir Path dir) throws Exception {
        Path input = dir.resolve("in.jsonl");
        Files.write(input, EVENTS);
        CliRun produced = cli("produce", input.toString());
        assertThat(produced.exitCode()).as(produced.err()).isZero();
        assertThat(produced.out()).contains("Produced 8 events to " + prefix + "learning-events");

        Path jsonl = dir.resolve("out.jsonl");
        CliRun replayed = cli("replay", "--topic", "learning-events", "--out", jsonl.toString());
        assertThat(replayed.exitCode()).as(replayed.err()).isZero();
        List<LearningEvent> expected = EVENTS.stream().map(LearningEventJson::parse).toList();
        List<LearningEvent> actual = new ArrayList<>();
        for (String line : Files.readAllLines(jsonl)) {
            JsonNode node = JSON.readTree(line);
            assertThat(node.get("topic").asString()).isEqualTo(prefix + "learning-events");
            assertThat(node.get("key").asString()).isEqualTo(node.get("value").get("user_id").asString());
            assertThat(node.has("partition") && node.has("offset") && node.has("timestamp") && node.has("headers")).isTrue();
            actual.add(LearningEventJson.parse(node.get("value").toString()));
        }
        // Order is kept per user (per partition); across users it depends on partitioning.
        assertThat(actual).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(actual.stream().filter(e -> e.getUserId() == 42).toList())
                .containsExactlyElementsOf(expected.stream().filter(e -> e.getUserId() == 42).toList());

        Path avro = dir.resolve("out.avro");
        assertThat(cli("replay", "--topic", prefix + "learning-events", "--format", "avro", "--out", avro.toString())
                .exitCode()).isZero();
        List<String> fromAvro = new ArrayList<>();
        try (DataFileReader<GenericRecord> reader = new DataFileReader<>(avro.toFile(), new GenericDatumReader<>())) {
            for (GenericRecord record : reader) {
                assertThat(record.get("topic").toString()).isEqualTo(prefix + "learning-events");
                GenericRecord value = (GenericRecord) record.get("value");
                fromAvro.add(value.get("event_id").toString());
                if (value.get("event_id").toString().equals(expected.get(5).getEventId())) {
                    GenericRecord payload = (GenericRecord) value.get("payload");
                    assertThat(payload.get("score")).isEqualTo(900.0);
                    assertThat(payload.get("completed")).isEqualTo(false);
                }
            }
        }
        assertThat(fromAvro).containsExactlyInAnyOrderElementsOf(expected.stream().map(LearningEvent::getEventId).toList());
        assertThat(((SessionEnded) expected.get(5).getPayload()).getScore()).isEqualTo(900.0);
    }

    @Test
    void nothingIsProducedWhenALineIsBadUnlessSkipped(@TempDir Path dir) throws IOException {
        String localPrefix = EmbeddedKafka.uniquePrefix("cli-bad");
        kafka.createTopics(new TopicCatalog(localPrefix));
        Path input = dir.resolve("in.jsonl");
        Files.write(input, List.of(EVENTS.get(0), "{\"type\":\"session.ended\"}", EVENTS.get(2)));
        String[] base = {"--bootstrap", kafka.bootstrapServers(), "--prefix", localPrefix};
        CliRun refused = CliRun.of(concat(new String[] {"produce", input.toString()}, base));
        assertThat(refused.exitCode()).isEqualTo(1);
        assertThat(refused.err()).contains("line 2: missing field").contains("nothing produced");
        assertThat(refused.clean()).isTrue();
        assertThat(kafka.readAll(localPrefix + "learning-events", 0, Duration.ofSeconds(2))).isEmpty();

        CliRun skipped = CliRun.of(concat(new String[] {"produce", "--skip-invalid", input.toString()}, base));
        assertThat(skipped.exitCode()).isZero();
        assertThat(skipped.out()).contains("Produced 2 events").contains("1 invalid lines skipped");
        assertThat(kafka.readAll(localPrefix + "learning-events", 2, Duration.ofSeconds(10))).hasSize(2);
    }

    @Test
    void replayReadsRangesAndReportsUndecodableValues(@TempDir Path dir) throws Exception {
        String localPrefix = EmbeddedKafka.uniquePrefix("cli-range");
        TopicCatalog catalog = new TopicCatalog(localPrefix).withPartitions(Topic.DEAD_LETTERS, 1);
        kafka.createTopics(catalog);
        String topic = catalog.name(Topic.DEAD_LETTERS);
        try (var producer = kafka.producer()) {
            for (int i = 0; i < 5; i++) {
                producer.send(new ProducerRecord<>(topic, 0, 1_700_000_000_000L + i * 1000L, "k" + i,
                        ("not avro " + i).getBytes())).get(10, TimeUnit.SECONDS);
            }
        }
        String[] base = {"--bootstrap", kafka.bootstrapServers(), "--prefix", localPrefix, "--topic", "dead-letters"};
        CliRun byOffset = CliRun.of(concat(new String[] {"replay", "--from", "1", "--to", "3"}, base));
        assertThat(byOffset.exitCode()).as(byOffset.err()).isZero();
        List<JsonNode> lines = byOffset.out().lines().map(JSON::readTree).toList();
        assertThat(lines).extracting(n -> n.get("offset").asLong()).containsExactly(1L, 2L);
        assertThat(lines.get(0).get("value").isNull()).isTrue();
        assertThat(lines.get(0).get("value_error").get("reason").asString()).isEqualTo("malformed");
        assertThat(new String(java.util.Base64.getDecoder().decode(lines.get(0).get("value_base64").asString())))
                .isEqualTo("not avro 1");

        CliRun byTime = CliRun.of(concat(new String[] {"replay", "--from", "2023-11-14T22:13:22Z", "--limit", "2"}, base));
        assertThat(byTime.out().lines().map(JSON::readTree).map(n -> n.get("key").asString()).toList())
                .containsExactly("k2", "k3");
        CliRun past = CliRun.of(concat(new String[] {"replay", "--from", "2030-01-01"}, base));
        assertThat(past.exitCode()).isZero();
        assertThat(past.out()).isEmpty();
        assertThat(past.err()).contains("Replayed 0 records");
    }

    @Test
    void kafkasOwnToolsSeeTheTopicsAndRecords(@TempDir Path dir) throws Exception {
        Path input = dir.resolve("in.jsonl");
        Files.write(input, EVENTS.subList(0, 3));
        assertThat(cli("produce", input.toString()).exitCode()).isZero();
        String topics = runJava("org.apache.kafka.tools.TopicCommand", "--bootstrap-server", kafka.bootstrapServers(),
                "--describe", "--topic", prefix + "leaderboard-snapshots");
        assertThat(topics).contains(prefix + "leaderboard-snapshots").contains("cleanup.policy=compact");
        String consumed = runJava("org.apache.kafka.tools.consumer.ConsoleConsumer", "--bootstrap-server",
                kafka.bootstrapServers(), "--topic", prefix + "learning-events", "--from-beginning",
                "--max-messages", "3", "--timeout-ms", "20000", "--property", "print.key=true");
        // Keys are user ids; values are Avro single-object encoding (magic bytes C3 01), so usernames show through.
        assertThat(consumed).contains("42").contains("ada").contains("Processed a total of 3 messages");
    }

    @Test
    void followKeepsReadingUntilInterruptedAndLeavesAValidAvroFile(@TempDir Path dir) throws Exception {
        Path avro = dir.resolve("follow.avro");
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "-cp", System.getProperty("java.class.path"), LiveboardCli.class.getName(), "replay", "--follow",
                "--topic", "learning-events", "--format", "avro", "--out", avro.toString(),
                "--bootstrap", kafka.bootstrapServers(), "--prefix", prefix));
        Process follower = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve("follow.log").toFile()).start();
        try {
            Path input = dir.resolve("in.jsonl");
            for (int i = 0; i < 3; i++) {
                Files.write(input, List.of(EVENTS.get(i)));
                assertThat(cli("produce", input.toString()).exitCode()).isZero();
            }
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> avroCount(avro) == 3);
        } finally {
            follower.destroy();
        }
        assertThat(follower.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(avroCount(avro)).isEqualTo(3);
        assertThat(Files.readString(dir.resolve("follow.log"))).contains("Replayed 3 records").doesNotContain("Exception");
    }

    private static int avroCount(Path file) {
        if (!Files.exists(file)) {
            return 0;
        }
        int n = 0;
        try (DataFileReader<GenericRecord> reader = new DataFileReader<>(file.toFile(), new GenericDatumReader<>())) {
            for (GenericRecord ignored : reader) {
                n++;
            }
        } catch (IOException e) {
            return -1;
        }
        return n;
    }

    private static String runJava(String mainClass, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "-cp", System.getProperty("java.class.path"), mainClass));
        command.addAll(List.of(args));
        File output = File.createTempFile("kafka-tool", ".out");
        output.deleteOnExit();
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output).start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as(mainClass + " finished").isTrue();
        return Files.readString(output.toPath(), java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    private static String[] concat(String[] a, String[] b) {
        String[] all = new String[a.length + b.length];
        System.arraycopy(a, 0, all, 0, a.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
