package io.liveboard.processors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.liveboard.catalog.Category;
import io.liveboard.catalog.ProcessorPropertyNames;
import io.liveboard.catalog.PropertyNames;
import io.liveboard.catalog.Topic;
import io.liveboard.catalog.TopicCatalog;
import io.liveboard.events.LeaderboardEntry;
import io.liveboard.events.LeaderboardSnapshot;
import io.liveboard.schema.AvroCodec;
import io.liveboard.testing.EmbeddedKafka;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;

/**
 * Kills the processors app (a child JVM, SIGKILL: no close, no commit, no leaving the group) while it
 * is halfway through the input, restarts it on the same state directory, and compares every output
 * record with an uninterrupted run over the same input. The input topic has one partition, which
 * makes the outputs of a run a deterministic function of the input (several input partitions would
 * interleave differently into the leaderboard stage from run to run, crash or not). Records are
 * compared in order per output partition and producing stage: stages run as separate tasks, so how
 * two stages' records interleave in a shared output partition is timing, not logic.
 */
class CrashRecoveryIT {

    private final EmbeddedKafka kafka = EmbeddedKafka.shared();

    @Test
    void outputsAfterAKillAndRestartEqualThoseOfAnUninterruptedRun() throws Exception {
        Workload workload = Workload.generate(7, 30, 10);
        long t0 = System.nanoTime();
        TopicCatalog reference = catalog("crash-ref");
        TopicCatalog crashed = catalog("crash");
        Pipeline.send(kafka, reference, workload.inputs());
        Pipeline.send(kafka, crashed, workload.inputs());
        Path state = Files.createTempDirectory("lb-crash");
        Process child = startChild(crashed, state);
        long total = workload.inputs().size();
        // The uninterrupted reference run goes on beside the child.
        try (KafkaStreams ref = Pipeline.start(kafka, reference, Files.createTempDirectory("lb-ref"))) {
            try {
                await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(50))
                        .until(() -> Pipeline.committedInput(kafka, crashed) >= total / 4);
            } finally {
                child.destroyForcibly().waitFor();
            }
            long atKill = Pipeline.committedInput(kafka, crashed);
            System.out.printf("killed at %d of %d inputs after %d ms%n", atKill, total, (System.nanoTime() - t0) / 1_000_000);
            assertThat(atKill).as("killed mid-stream").isLessThan(total);
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500))
                    .until(() -> Pipeline.caughtUp(kafka, reference));
        }
        System.out.printf("reference run caught up after %d ms%n", (System.nanoTime() - t0) / 1_000_000);
        Map<String, List<Pipeline.Output>> expected = Pipeline.readOutputs(kafka, reference);
        checkAgainstModel(reference, workload);

        try (KafkaStreams restarted = Pipeline.start(kafka, crashed, state)) {
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500))
                    .until(() -> Pipeline.caughtUp(kafka, crashed));
        }
        System.out.printf("restarted run caught up after %d ms%n", (System.nanoTime() - t0) / 1_000_000);
        Map<String, List<Pipeline.Output>> actual = Pipeline.byOrigin(Pipeline.readOutputs(kafka, crashed));
        expected = Pipeline.byOrigin(expected);
        assertThat(actual.keySet()).containsExactlyInAnyOrderElementsOf(expected.keySet());
        for (String partition : expected.keySet()) {
            if (partition.startsWith(Topic.LEADERBOARD_SNAPSHOTS.baseName())) {
                sameSnapshots(partition, expected.get(partition), actual.get(partition));
            } else {
                assertThat(firstDifference(expected.get(partition), actual.get(partition))).as(partition).isEmpty();
            }
        }
        assertThat(expected.values().stream().mapToInt(List::size).sum()).isGreaterThan(workload.inputs().size());
    }

    /**
     * Snapshots are written on a wall-clock tick (coalesced per commit), so which seqs got one depends on timing,
     * and a restarted task writes its boards' latest once more. What must hold: each board's last snapshot (what
     * the compacted topic keeps) is the same, and a snapshot of a seq both runs wrote (same event id: the id
     * derives from the seq and its cause) is the same snapshot.
     */
    private static void sameSnapshots(String partition, List<Pipeline.Output> expected, List<Pipeline.Output> actual) {
        Map<String, Pipeline.Output> lastExpected = new java.util.HashMap<>();
        Map<String, Pipeline.Output> lastActual = new java.util.HashMap<>();
        expected.forEach(o -> lastExpected.put(o.key(), o));
        actual.forEach(o -> lastActual.put(o.key(), o));
        assertThat(lastActual).as(partition + ": each board's last snapshot").isEqualTo(lastExpected);
        Map<String, Pipeline.Output> expectedById = new java.util.HashMap<>();
        expected.forEach(o -> expectedById.put(o.eventId(), o));
        long common = 0;
        for (Pipeline.Output o : actual) {
            if (expectedById.containsKey(o.eventId())) {
                assertThat(o).as(partition + ": the snapshot of one seq in both runs").isEqualTo(expectedById.get(o.eventId()));
                common++;
            }
        }
        assertThat(common).as(partition + ": snapshots of the same seqs").isPositive();
    }

    /** Empty when equal, else where and how the lists first differ (short: the lists are long). */
    static String firstDifference(List<Pipeline.Output> expected, List<Pipeline.Output> actual) {
        for (int i = 0; i < Math.max(expected.size(), actual.size()); i++) {
            Pipeline.Output e = i < expected.size() ? expected.get(i) : null;
            Pipeline.Output a = i < actual.size() ? actual.get(i) : null;
            if (e == null || !e.equals(a)) {
                return "sizes " + expected.size() + " vs " + actual.size() + "; first difference at " + i
                        + ":\n expected " + e + "\n actual   " + a;
            }
        }
        return "";
    }

    private TopicCatalog catalog(String name) {
        TopicCatalog catalog = new TopicCatalog(EmbeddedKafka.uniquePrefix(name)).withPartitions(Topic.LEARNING_EVENTS, 1);
        kafka.createTopics(catalog);
        return catalog;
    }

    /** The Spring Boot app in its own JVM, as an operator would run it. */
    private Process startChild(TopicCatalog catalog, Path state) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>(List.of(java, "-Xmx512m", "-cp", System.getProperty("java.class.path"),
                ProcessorsApplication.class.getName(),
                "--" + PropertyNames.BOOTSTRAP_SERVERS + "=" + kafka.bootstrapServers(),
                "--" + PropertyNames.TOPICS_PREFIX + "=" + catalog.prefix(),
                "--" + ProcessorPropertyNames.STATE_DIR + "=" + state,
                "--" + ProcessorPropertyNames.SERVER_PORT + "=0",
                "--spring.kafka.streams.properties.session.timeout.ms=6000",
                "--spring.kafka.streams.properties.heartbeat.interval.ms=1500"));
        File log = Path.of("target", "crash-child.log").toFile();
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log).start();
    }

    /** The reference run itself must be right: final boards against a plain sort of the input. */
    private void checkAgainstModel(TopicCatalog catalog, Workload workload) {
        Map<String, LeaderboardSnapshot> last = new java.util.HashMap<>();
        for (ConsumerRecord<String, byte[]> r : Pipeline.readFully(kafka, catalog.name(Topic.LEADERBOARD_SNAPSHOTS))) {
            LeaderboardSnapshot s = AvroCodec.shared().decode(r.value(), LeaderboardSnapshot.class);
            last.put(s.getCategory(), s);
        }
        for (Category category : Category.values()) {
            assertThat(last.get(category.id()).getEntries()).extracting(LeaderboardEntry::getUserId).as(category.id())
                    .containsExactlyElementsOf(workload.expectedTop(category, 100));
        }
    }
}
