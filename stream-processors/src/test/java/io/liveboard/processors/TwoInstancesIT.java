package io.liveboard.processors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import io.liveboard.catalog.Category;
import io.liveboard.catalog.Topic;
import io.liveboard.catalog.TopicCatalog;
import io.liveboard.events.AchievementUnlocked;
import io.liveboard.events.LeaderboardEntry;
import io.liveboard.events.LeaderboardSnapshot;
import io.liveboard.schema.AvroCodec;
import io.liveboard.testing.EmbeddedKafka;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;

/**
 * Two instances with one application id share the work; one stops, the other takes over its tasks and
 * their state (restored from changelogs) and finishes the input. The final results are checked against
 * an independent model of the whole input, so state lost or double-counted in the move would show.
 */
class TwoInstancesIT {

    private final EmbeddedKafka kafka = EmbeddedKafka.shared();

    @Test
    void whenOneOfTwoInstancesStopsTheOtherTakesOverItsTasksAndState() throws Exception {
        TopicCatalog catalog = kafka.createTopics("two");
        Workload workload = Workload.generate(11, 30, 8);
        List<Workload.Input> inputs = workload.inputs();
        List<Workload.Input> first = inputs.subList(0, inputs.size() / 2);
        List<Workload.Input> second = inputs.subList(inputs.size() / 2, inputs.size());

        KafkaStreams a = Pipeline.start(kafka, catalog, Files.createTempDirectory("lb-a"));
        KafkaStreams b = Pipeline.start(kafka, catalog, Files.createTempDirectory("lb-b"));
        try {
            await().atMost(Duration.ofSeconds(60)).until(() -> a.state() == KafkaStreams.State.RUNNING
                    && b.state() == KafkaStreams.State.RUNNING && activeTasks(a) > 0 && activeTasks(b) > 0);
            int totalTasks = activeTasks(a) + activeTasks(b);
            Pipeline.send(kafka, catalog, first);
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500))
                    .until(() -> Pipeline.caughtUp(kafka, catalog));

            b.close(new KafkaStreams.CloseOptions().leaveGroup(true).timeout(Duration.ofSeconds(20)));
            Pipeline.send(kafka, catalog, second);
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500))
                    .until(() -> a.state() == KafkaStreams.State.RUNNING && activeTasks(a) == totalTasks
                            && Pipeline.caughtUp(kafka, catalog));
        } finally {
            b.close(Duration.ofSeconds(10));
            a.close(Duration.ofSeconds(20));
        }

        Map<String, LeaderboardSnapshot> last = new HashMap<>();
        for (ConsumerRecord<String, byte[]> r : Pipeline.readFully(kafka, catalog.name(Topic.LEADERBOARD_SNAPSHOTS))) {
            LeaderboardSnapshot s = AvroCodec.shared().decode(r.value(), LeaderboardSnapshot.class);
            last.put(s.getCategory(), s);
        }
        for (Category category : Category.values()) {
            assertThat(last.get(category.id()).getEntries()).extracting(LeaderboardEntry::getUserId).as(category.id())
                    .containsExactlyElementsOf(workload.expectedTop(category, 100));
        }
        // Overall values are sums over both halves: state moved with the tasks.
        Map<Long, Integer> totals = workload.totals();
        assertThat(last.get("overall").getEntries()).allSatisfy(e ->
                assertThat(e.getMetricValue()).isEqualTo(totals.get(e.getUserId()).doubleValue()));

        List<AchievementUnlocked> unlocks = Pipeline.readFully(kafka, catalog.name(Topic.USER_UPDATES)).stream()
                .map(r -> AvroCodec.shared().decode(r.value()))
                .filter(AchievementUnlocked.class::isInstance).map(AchievementUnlocked.class::cast).toList();
        Map<String, Long> perUserAndId = unlocks.stream().collect(Collectors.groupingBy(
                u -> u.getUserId() + "/" + u.getAchievement(), Collectors.counting()));
        assertThat(perUserAndId.values()).as("each achievement at most once per user").containsOnly(1L);
        List<Long> hundred = unlocks.stream().filter(u -> u.getAchievement().equals("100-points"))
                .map(AchievementUnlocked::getUserId).sorted().toList();
        assertThat(hundred).containsExactlyElementsOf(totals.entrySet().stream().filter(e -> e.getValue() >= 100)
                .map(Map.Entry::getKey).sorted().toList());
    }

    private static int activeTasks(KafkaStreams streams) {
        return streams.metadataForLocalThreads().stream().mapToInt(t -> t.activeTasks().size()).sum();
    }

}
