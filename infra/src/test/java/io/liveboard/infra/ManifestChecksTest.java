package io.liveboard.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The base manifests pass every structural check, and each check catches the mistake it is there for (a copy
 * of the manifests with one thing broken).
 */
class ManifestChecksTest {

    private static final Manifests BASE = Manifests.loadBase(InfraPaths.base());
    private static final Manifests MONITORING = Manifests.loadMonitoring(InfraPaths.monitoring());

    static List<String> allProblems(Manifests m, Manifests monitoring) {
        List<String> problems = new ArrayList<>();
        problems.addAll(ManifestChecks.wiringProblems(m));
        for (PodEnv pod : PodEnv.values()) {
            problems.addAll(ManifestChecks.containerProblems(m, pod));
        }
        problems.addAll(ManifestChecks.processorsProblems(m));
        problems.addAll(ManifestChecks.fanoutProblems(m, monitoring));
        problems.addAll(ManifestChecks.kafkaProblems(m));
        problems.addAll(ManifestChecks.kafkaMetricProblems(m));
        problems.addAll(ManifestChecks.topicProblems(m));
        problems.addAll(ManifestChecks.podMonitorProblems(m, monitoring));
        return problems;
    }

    @Test
    void theBaseManifestsPassEveryCheck() {
        assertThat(allProblems(BASE, MONITORING)).isEmpty();
    }

    /** A deep copy of one object, changed, in a copy of the base. */
    private static Manifests broken(String kind, String name, Consumer<Map<String, Object>> change) {
        Map<String, Object> original = BASE.get(kind, name);
        Map<String, Object> copy = Yaml.documents(new org.yaml.snakeyaml.Yaml().dump(original)).get(0);
        change.accept(copy);
        return BASE.with(original, copy);
    }

    private static Map<String, Object> fanoutContainer(Map<String, Object> deployment) {
        return Manifests.container(deployment, "fanout");
    }

    private static Map<String, Object> processorsContainer(Map<String, Object> sts) {
        return Manifests.container(sts, "processors");
    }

    @Test
    void aRenamedProbePathIsCaught() {
        Manifests m = broken("Deployment", "liveboard-fanout",
                d -> Yaml.map(fanoutContainer(d), "readinessProbe.httpGet").put("path", "/ready"));
        assertThat(ManifestChecks.containerProblems(m, PodEnv.FANOUT))
                .anyMatch(p -> p.contains("readinessProbe asks port 8080 path /ready"));
    }

    @Test
    void aProbeOfTheWrongHealthGroupIsCaught() {
        Manifests m = broken("StatefulSet", "liveboard-processors",
                s -> Yaml.map(processorsContainer(s), "livenessProbe.httpGet").put("path", "/actuator/health/readiness"));
        assertThat(ManifestChecks.containerProblems(m, PodEnv.PROCESSORS))
                .anyMatch(p -> p.contains("livenessProbe") && p.contains("liveness group"));
    }

    @Test
    void aContainerPortTheAppDoesNotListenOnIsCaught() {
        Manifests m = broken("StatefulSet", "liveboard-processors",
                s -> Yaml.maps(processorsContainer(s), "ports").get(0).put("containerPort", 8082));
        assertThat(ManifestChecks.containerProblems(m, PodEnv.PROCESSORS))
                .anyMatch(p -> p.contains("port management is 8082, Actuator listens on 8081"));
    }

    @Test
    void anEnvironmentVariableNoAppReadsIsCaught() {
        Manifests m = broken("Deployment", "liveboard-fanout", d -> envList(fanoutContainer(d))
                .add(new java.util.LinkedHashMap<>(Map.of("name", "MANAGEMENT_SERVER_PROT", "value", "8081"))));
        assertThat(ManifestChecks.containerProblems(m, PodEnv.FANOUT))
                .anyMatch(p -> p.contains("MANAGEMENT_SERVER_PROT"));
        Manifests wrongApp = broken("StatefulSet", "liveboard-processors", s -> envList(processorsContainer(s))
                .add(new java.util.LinkedHashMap<>(Map.of("name", "LIVEBOARD_FANOUT_HEARTBEAT", "value", "10s"))));
        assertThat(ManifestChecks.containerProblems(wrongApp, PodEnv.PROCESSORS))
                .anyMatch(p -> p.contains("LIVEBOARD_FANOUT_HEARTBEAT"));
    }

    @SuppressWarnings("unchecked")
    private static List<Object> envList(Map<String, Object> container) {
        return (List<Object>) container.get("env");
    }

    @Test
    void aWrongMainClassIsCaught() {
        Manifests m = broken("Deployment", "liveboard-fanout",
                d -> fanoutContainer(d).put("args", List.of("io.liveboard.processors.ProcessorsApplication")));
        assertThat(ManifestChecks.containerProblems(m, PodEnv.FANOUT)).anyMatch(p -> p.contains("main class"));
    }

    @Test
    void aSelectorThatSelectsNothingIsCaught() {
        Manifests m = broken("Service", "liveboard-fanout",
                s -> Yaml.map(s, "spec.selector").put("app.kubernetes.io/name", "liveboard-fan-out"));
        assertThat(ManifestChecks.wiringProblems(m)).anyMatch(p -> p.contains("Service liveboard-fanout"));
        Manifests pdb = broken("PodDisruptionBudget", "liveboard-processors",
                p -> Yaml.map(p, "spec.selector.matchLabels").put("app.kubernetes.io/name", "processors"));
        assertThat(ManifestChecks.wiringProblems(pdb)).anyMatch(p -> p.contains("selects no pods"));
    }

    @Test
    void aStateDirOffTheVolumeIsCaught() {
        Manifests m = broken("StatefulSet", "liveboard-processors",
                s -> Yaml.maps(processorsContainer(s), "volumeMounts").get(0).put("mountPath", "/data"));
        assertThat(ManifestChecks.processorsProblems(m)).anyMatch(p -> p.contains("not on a persistent volume"));
    }

    @Test
    void moreStreamThreadsThanInputPartitionsAreCaught() {
        Manifests m = broken("StatefulSet", "liveboard-processors", s -> Yaml.map(s, "spec").put("replicas", 7));
        assertThat(ManifestChecks.processorsProblems(m)).anyMatch(p -> p.contains("7 instances x 2 stream threads"));
    }

    @Test
    void graceTooShortForTheShutdownIsCaught() {
        Manifests processors = broken("StatefulSet", "liveboard-processors",
                s -> Yaml.map(s, "spec.template.spec").put("terminationGracePeriodSeconds", 30));
        assertThat(ManifestChecks.processorsProblems(processors)).anyMatch(p -> p.contains("terminationGracePeriodSeconds 30"));
        Manifests fanout = broken("Deployment", "liveboard-fanout",
                d -> Yaml.map(d, "spec.template.spec").put("terminationGracePeriodSeconds", 30));
        assertThat(ManifestChecks.fanoutProblems(fanout, MONITORING)).anyMatch(p -> p.contains("terminationGracePeriodSeconds 30"));
    }

    @Test
    void anHpaTargetTooCloseToTheConnectionCapIsCaught() {
        Manifests m = broken("HorizontalPodAutoscaler", "liveboard-fanout",
                h -> Yaml.maps(h, "spec.metrics").get(0).put("pods", Map.of(
                        "metric", Map.of("name", "liveboard_fanout_connections"),
                        "target", Map.of("type", "AverageValue", "averageValue", "15000"))));
        assertThat(ManifestChecks.fanoutProblems(m, MONITORING)).anyMatch(p -> p.contains("over the cap of 18000"));
        Manifests unserved = broken("HorizontalPodAutoscaler", "liveboard-fanout",
                h -> Yaml.maps(h, "spec.metrics").get(0).put("pods", Map.of(
                        "metric", Map.of("name", "liveboard_fanout_sessions"),
                        "target", Map.of("type", "AverageValue", "averageValue", "8000"))));
        assertThat(ManifestChecks.fanoutProblems(unserved, MONITORING)).anyMatch(p -> p.contains("not served by prometheus-adapter"));
    }

    @Test
    void topicsThatDisagreeWithTheCatalogAreCaught() {
        Manifests fewer = broken("KafkaTopic", "activity", t -> Yaml.map(t, "spec").put("partitions", 2));
        assertThat(ManifestChecks.topicProblems(fewer)).containsExactly(
                "topic activity: 2 partitions, fewer than the catalog's 3");
        Manifests policy = broken("KafkaTopic", "leaderboard-snapshots",
                t -> Yaml.map(t, "spec.config").put("cleanup.policy", "delete"));
        assertThat(ManifestChecks.topicProblems(policy)).contains(
                "topic leaderboard-snapshots: cleanup.policy is delete, the catalog says compact");
        Manifests retention = broken("KafkaTopic", "dead-letters",
                t -> Yaml.map(t, "spec.config").put("retention.ms", 86400000));
        assertThat(ManifestChecks.topicProblems(retention)).contains(
                "topic dead-letters: retention.ms is 86400000, the catalog says 2592000000");
        Map<String, Object> deadLetters = BASE.get("KafkaTopic", "dead-letters");
        List<Map<String, Object>> without = new ArrayList<>(BASE.all());
        without.remove(deadLetters);
        assertThat(ManifestChecks.topicProblems(new Manifests(without))).contains("topic dead-letters: 0 KafkaTopics");
    }

    @Test
    void aBootstrapAddressThatIsNotTheClustersIsCaught() {
        Manifests m = broken("ConfigMap", "liveboard-config",
                c -> Yaml.map(c, "data").put("KAFKA_BOOTSTRAP_SERVERS", "my-cluster-kafka-bootstrap:9092"));
        assertThat(ManifestChecks.kafkaProblems(m)).anyMatch(p -> p.contains("KAFKA_BOOTSTRAP_SERVERS my-cluster"));
    }

    @Test
    void aKafkaVersionWithTheKnownBugsIsCaught() {
        Manifests m = broken("Kafka", "liveboard", k -> Yaml.map(k, "spec.kafka").put("version", "4.1.0"));
        assertThat(ManifestChecks.kafkaProblems(m)).contains("Kafka version 4.1.0 is older than 4.1.1");
    }

    @Test
    void aJmxRuleThatNoLongerProducesADashboardMetricIsCaught() {
        Manifests m = broken("ConfigMap", "kafka-metrics", c -> Yaml.map(c, "data").put("kafka-metrics-config.yml",
                "lowercaseOutputName: false\nrules:\n- pattern: kafka.(\\w+)<type=(.+), name=(.+)PerSec\\w*><>Count\n"
                        + "  name: kafka_$1_$2_$3_total\n"));
        assertThat(ManifestChecks.kafkaMetricProblems(m)).anyMatch(p -> p.contains("kafka_server_BrokerTopicMetrics_MessagesIn_total"));
    }

    @Test
    void aPodMonitorOnTheWrongPathIsCaught() {
        Map<String, Object> original = MONITORING.get("PodMonitor", "liveboard-apps");
        Map<String, Object> copy = Yaml.documents(new org.yaml.snakeyaml.Yaml().dump(original)).get(0);
        Yaml.maps(copy, "spec.podMetricsEndpoints").get(0).put("path", "/metrics");
        assertThat(ManifestChecks.podMonitorProblems(BASE, MONITORING.with(original, copy)))
                .anyMatch(p -> p.contains("/metrics; the app serves 8081/actuator/prometheus"));
    }

    @Test
    void dashboardMetricsThatDoNotExistAreCaught(@TempDir Path dir) throws IOException {
        Files.createDirectories(dir.resolve("grafana"));
        Files.writeString(dir.resolve("grafana/liveboard.json"), """
                {"panels": [{"title": "Connections", "targets": [
                  {"refId": "A", "expr": "sum by (pod) (liveboard_fanout_connection_count{namespace=\\"$namespace\\"})"}]}]}
                """);
        assertThat(ManifestChecks.dashboardProblems(dir, Set.of("liveboard_fanout_connections")))
                .containsExactly("panel Connections/A: metric liveboard_fanout_connection_count is not exported");
    }

    @Test
    void theDashboardCoversWhatOperatorsWatch() {
        Map<String, String> exprs = ManifestChecks.dashboardExpressions(InfraPaths.monitoring());
        String all = String.join("\n", exprs.values());
        for (String metric : List.of("liveboard_fanout_connections", "liveboard_fanout_subscriptions",
                "liveboard_fanout_delivery_latency_seconds_bucket", "liveboard_fanout_consumer_lag",
                "kafka_consumergroup_lag", "liveboard_processors_dead_letters_total", "kafka_stream_thread_process_total",
                "liveboard_fanout_slow_disconnects_total", "liveboard_fanout_resumes_total")) {
            assertThat(all).as(metric).contains(metric);
        }
        assertThat(all).contains("histogram_quantile(0.99");
    }
}
