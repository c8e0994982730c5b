package io.liveboard.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

import io.liveboard.catalog.PropertyNames;
import io.liveboard.catalog.Topic;
import io.liveboard.catalog.TopicCatalog;
import io.liveboard.fanout.auth.TokenService;
import io.liveboard.processors.ProcessorsProperties;
import io.liveboard.processors.TopicsProperties;
import io.liveboard.schema.AvroCodec;
import io.liveboard.testing.EmbeddedKafka;
import io.liveboard.testing.Events;
import io.liveboard.testing.ws.WsTestClient;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.awaitility.core.ThrowingRunnable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Both apps started from the manifests, as their pods would run them, on the shared embedded broker: the main
 * class from the container's args, the environment from the ConfigMap, Secret and container env (profile
 * production included), the topics as the KafkaTopics declare them (Kafka itself validates their configs).
 * Only the Kafka address, a unique topic prefix, replication factor 1 (one broker), loopback random ports and a
 * temp state dir differ. Then every probe of the manifests is asked at its port and path, the PodMonitor's
 * endpoint is scraped, and the dashboard and the HPA's metric are checked against that scrape.
 */
class AppsWithManifestEnvIT {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private static final EmbeddedKafka kafka = EmbeddedKafka.shared();
    private static final Manifests manifests = Manifests.loadBase(InfraPaths.base());
    private static final Map<PodEnv, ConfigurableApplicationContext> apps = new EnumMap<>(PodEnv.class);
    private static TopicCatalog catalog;
    private static Path stateDir;

    @BeforeAll
    static void start() throws Exception {
        String prefix = EmbeddedKafka.uniquePrefix("infra");
        catalog = new TopicCatalog(prefix);
        createTopicsAsDeclared(prefix);
        stateDir = Files.createTempDirectory("lb-infra-state");
        // The processors first: the fan-out would wait for nothing, but the order is the natural one.
        apps.put(PodEnv.PROCESSORS, startPod(PodEnv.PROCESSORS, List.of(
                "--server.port=0", "--server.address=127.0.0.1",
                "--liveboard.processors.state-dir=" + stateDir,
                "--liveboard.topics.replication-factor=1",
                "--management.endpoint.health.show-components=always")));
        apps.put(PodEnv.FANOUT, startPod(PodEnv.FANOUT, List.of(
                "--server.port=0", "--server.address=127.0.0.1",
                "--management.server.port=0", "--management.server.address=127.0.0.1",
                "--management.endpoint.health.show-components=always")));
    }

    @AfterAll
    static void stop() throws Exception {
        ConfigurableApplicationContext fanout = apps.remove(PodEnv.FANOUT);
        if (fanout != null) {
            fanout.close();
        }
        ConfigurableApplicationContext processors = apps.remove(PodEnv.PROCESSORS);
        if (processors != null) {
            processors.close();
        }
        if (stateDir != null) {
            org.springframework.util.FileSystemUtils.deleteRecursively(stateDir);
        }
    }

    /** What the Strimzi topic operator would create from the KafkaTopics, under the test's prefix. */
    private static void createTopicsAsDeclared(String prefix) throws Exception {
        List<NewTopic> topics = new ArrayList<>();
        for (Map<String, Object> t : manifests.all("KafkaTopic")) {
            String name = Yaml.str(t, "spec.topicName") != null ? Yaml.str(t, "spec.topicName") : Yaml.str(t, "metadata.name");
            Map<String, String> config = new LinkedHashMap<>();
            Yaml.map(t, "spec.config").forEach((k, v) -> config.put(k, String.valueOf(v)));
            topics.add(new NewTopic(prefix + name, ((Number) Yaml.at(t, "spec.partitions")).intValue(), (short) 1)
                    .configs(config));
        }
        try (Admin admin = kafka.admin()) {
            admin.createTopics(topics).all().get(60, TimeUnit.SECONDS);
        }
    }

    private static ConfigurableApplicationContext startPod(PodEnv pod, List<String> testArgs) throws Exception {
        Map<String, String> env = new LinkedHashMap<>(pod.environment(manifests));
        assertThat(env).containsKeys(PropertyNames.BOOTSTRAP_SERVERS_ENV, PropertyNames.TOPICS_PREFIX_ENV);
        env.put(PropertyNames.BOOTSTRAP_SERVERS_ENV, kafka.bootstrapServers());
        env.put(PropertyNames.TOPICS_PREFIX_ENV, catalog.prefix());
        @SuppressWarnings("unchecked")
        List<Object> args = (List<Object>) Yaml.at(pod.container(manifests), "args");
        Class<?> main = Class.forName(String.valueOf(args.get(0)));
        assertThat(main).isEqualTo(pod.app.main);
        return PodLikeApp.start(main, env, testArgs);
    }

    /** The port this test's app listens on for a container port of the manifests (by name or number). */
    private static int localPort(PodEnv pod, Object manifestPort) {
        int containerPort = ManifestChecks.containerPort(pod.container(manifests), manifestPort);
        AppConfig config = pod.config(manifests);
        var env = apps.get(pod).getEnvironment();
        if (containerPort == config.managementPort() && env.getProperty("local.management.port") != null) {
            return Integer.parseInt(env.getProperty("local.management.port"));
        }
        if (containerPort == config.serverPort()) {
            return Integer.parseInt(env.getProperty("local.server.port"));
        }
        throw new AssertionError("container port " + containerPort + " of " + pod + " is neither the server port "
                + config.serverPort() + " nor the management port " + config.managementPort());
    }

    private static HttpResponse<String> get(int port, String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /**
     * Asserts {@code check} until it holds, for up to a minute. Like the kubelet, which retries a probe that timed
     * out until its failure threshold: a request that got no answer in 10 s while the machine was busy starting
     * apps is asked again.
     */
    private static void awaitAnswered(String what, ThrowingRunnable check) {
        await().atMost(Duration.ofSeconds(60)).ignoreExceptionsInstanceOf(HttpTimeoutException.class)
                .untilAsserted(() -> {
                    try {
                        check.run();
                    } catch (HttpTimeoutException e) {
                        System.err.println(what + ": no answer in 10 s; asking again");
                        throw e;
                    }
                });
    }

    @Test
    void everyProbeOfTheManifestsAnswersUpAtItsPortAndPath() {
        for (PodEnv pod : PodEnv.values()) {
            for (String probe : List.of("startupProbe", "livenessProbe", "readinessProbe")) {
                Map<String, Object> spec = Yaml.map(pod.container(manifests), probe);
                assertThat(spec).as("%s %s", pod, probe).isNotEmpty();
                int port = localPort(pod, Yaml.at(spec, "httpGet.port"));
                String path = Yaml.str(spec, "httpGet.path");
                awaitAnswered(pod + " " + probe + " " + path, () -> {
                    HttpResponse<String> r = get(port, path);
                    assertThat(r.statusCode()).as("%s %s %s -> %s", pod, probe, path, r.body()).isEqualTo(200);
                    assertThat(JSON.readTree(r.body()).path("status").asString()).isEqualTo("UP");
                });
            }
        }
    }

    @Test
    void probesFollowKafkaStreamsAndKafkaCatchUp() throws Exception {
        // The groups hold the components the manifests' comments promise (Boot refuses unknown members at start).
        JsonNode liveness = probeBody(PodEnv.PROCESSORS, "livenessProbe");
        JsonNode readiness = probeBody(PodEnv.PROCESSORS, "readinessProbe");
        assertThat(names(liveness.path("components"))).containsExactlyInAnyOrder("livenessState", "kafkaStreams");
        assertThat(names(readiness.path("components"))).containsExactlyInAnyOrder("readinessState", "kafkaStreams");
        JsonNode fanoutReady = probeBody(PodEnv.FANOUT, "readinessProbe");
        assertThat(names(fanoutReady.path("components"))).containsExactlyInAnyOrder("readinessState", "kafkaCaughtUp");
    }

    private static JsonNode probeBody(PodEnv pod, String probe) throws Exception {
        Map<String, Object> spec = Yaml.map(pod.container(manifests), probe);
        int port = localPort(pod, Yaml.at(spec, "httpGet.port"));
        await().atMost(Duration.ofSeconds(60)).until(() -> get(port, Yaml.str(spec, "httpGet.path")).statusCode() == 200);
        return JSON.readTree(get(port, Yaml.str(spec, "httpGet.path")).body());
    }

    private static Set<String> names(JsonNode object) {
        Set<String> names = new TreeSet<>();
        object.propertyNames().forEach(names::add);
        return names;
    }

    @Test
    void theManifestsSettingsTakeEffect() {
        var processors = apps.get(PodEnv.PROCESSORS);
        var fanout = apps.get(PodEnv.FANOUT);
        assertThat(processors.getEnvironment().getActiveProfiles()).containsExactly("production");
        assertThat(fanout.getEnvironment().getActiveProfiles()).containsExactly("production");
        // What the unit checks compute from the manifests and the apps' files is what the running app has.
        AppConfig expected = PodEnv.PROCESSORS.config(manifests);
        ProcessorsProperties running = processors.getBean(ProcessorsProperties.class);
        assertThat(running.streamThreads()).isEqualTo(expected.processors().streamThreads());
        assertThat(running.standbyReplicas()).isEqualTo(expected.processors().standbyReplicas());
        assertThat(running.closeTimeout()).isEqualTo(expected.processors().closeTimeout());
        assertThat(processors.getBean(TopicsProperties.class).create()).isFalse();
        assertThat(processors.getBean(TopicsProperties.class).prefix()).isEqualTo(catalog.prefix());
        // The fan-out verifies tokens with the Secret's LIVEBOARD_TOKEN_SECRET (production refuses to start
        // without a secret, so it was read from the environment).
        String secret = PodEnv.FANOUT.environment(manifests).get(PropertyNames.AUTH_TOKEN_SECRET_ENV);
        String token = new TokenService(secret).issue(7, "grace", Duration.ofMinutes(5));
        assertThat(fanout.getBean(TokenService.class).verify(token).userId()).isEqualTo(7L);
    }

    @Test
    void prometheusEndpointsOfThePodMonitorServeEveryMetricTheDashboardAndTheHpaUse() throws Exception {
        // Traffic, so lazily registered meters exist: a dead letter, a leaderboard update, a WebSocket client.
        int publicPort = Integer.parseInt(apps.get(PodEnv.FANOUT).getEnvironment().getProperty("local.server.port"));
        try (WsTestClient client = WsTestClient.connect("ws://127.0.0.1:" + publicPort + "/api/ws");
             KafkaProducer<String, byte[]> producer = kafka.producer()) {
            client.subscribe("leaderboard:typing_wpm").awaitSubscribed("leaderboard:typing_wpm");
            String topic = catalog.name(Topic.LEARNING_EVENTS);
            producer.send(new ProducerRecord<>(topic, "42", "not Avro".getBytes(StandardCharsets.UTF_8)));
            Events.Builder ada = Events.user(42, "ada").at("2026-11-20T10:00:00Z");
            producer.send(new ProducerRecord<>(topic, "42", AvroCodec.shared().encode(ada.started("s-1"))));
            producer.send(new ProducerRecord<>(topic, "42", AvroCodec.shared().encode(ada.completed("s-1", 88, 20))));
            producer.flush();
            client.awaitEvents("leaderboard:typing_wpm", 1, Duration.ofSeconds(60));

            Map<PodEnv, Set<String>> scraped = new EnumMap<>(PodEnv.class);
            Map<PodEnv, String> bodies = new HashMap<>();
            for (PodEnv pod : PodEnv.values()) {
                Map<String, Object> endpoint = ManifestChecks.podMonitorEndpoint(monitoring(), manifests, pod.container);
                int port = localPort(pod, endpoint.get("port"));
                awaitAnswered(pod + " metrics", () -> {
                    HttpResponse<String> r = get(port, (String) endpoint.get("path"));
                    assertThat(r.statusCode()).isEqualTo(200);
                    bodies.put(pod, r.body());
                    assertThat(r.body()).contains(pod == PodEnv.FANOUT ? "liveboard_fanout_connections 1.0"
                            : "liveboard_processors_dead_letters_total{");
                });
                scraped.put(pod, MetricsScrape.names(bodies.get(pod)));
            }
            Path dump = InfraPaths.infra().resolve("target/scraped-metrics.txt");
            Files.createDirectories(dump.getParent());
            Files.writeString(dump, "# fanout\n" + String.join("\n", scraped.get(PodEnv.FANOUT))
                    + "\n# processors\n" + String.join("\n", scraped.get(PodEnv.PROCESSORS)) + "\n");

            Set<String> all = new TreeSet<>();
            scraped.values().forEach(all::addAll);
            assertThat(ManifestChecks.dashboardProblems(InfraPaths.monitoring(), all)).isEmpty();
            assertThat(ManifestChecks.adapterProblems(InfraPaths.monitoring(), manifests, scraped.get(PodEnv.FANOUT)))
                    .isEmpty();
        }
    }

    @Test
    void thePublicPortDoesNotServeActuator() throws Exception {
        int publicPort = Integer.parseInt(apps.get(PodEnv.FANOUT).getEnvironment().getProperty("local.server.port"));
        assertThat(get(publicPort, "/actuator/prometheus").statusCode()).isEqualTo(404);
        assertThat(get(publicPort, "/actuator/health").statusCode()).isEqualTo(404);
    }

    private static Manifests monitoring() {
        return Manifests.loadMonitoring(InfraPaths.monitoring());
    }
}
