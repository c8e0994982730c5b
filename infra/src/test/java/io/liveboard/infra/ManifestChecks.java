package io.liveboard.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.liveboard.catalog.Topic;
import io.liveboard.catalog.TopicCatalog;
import io.liveboard.fanout.FanoutProperties;
import io.liveboard.processors.ProcessorsProperties;
import org.apache.kafka.clients.admin.NewTopic;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The structural checks of the manifests against the apps' real configuration. Each returns the problems it
 * found (empty: fine), so a test can also show that a broken manifest is caught.
 */
final class ManifestChecks {

    static final String KAFKA_API = "kafka.strimzi.io/v1beta2";
    /** Kafka 4.1.0 had a memory leak and a data-loss bug fixed in 4.1.1 (shared/STACK.md). */
    static final String MIN_KAFKA_VERSION = "4.1.1";
    static final int TOPIC_REPLICAS = 3;
    /** How long a JVM takes beyond the app's own shutdown steps (hooks, last log lines): slack in grace periods. */
    static final Duration SHUTDOWN_SLACK = Duration.ofSeconds(5);

    /**
     * Metrics the dashboard may use that the apps do not export: Strimzi's Kafka Exporter and the Kafka nodes'
     * JMX exporter (rules in k8s/base/kafka/kafka-metrics.yaml). Each is checked against those rules where the
     * name comes from them (see {@link #kafkaMetricProblems}): metric name to the MBean attribute it comes from.
     */
    static final Set<String> KAFKA_EXPORTER_METRICS = Set.of("kafka_consumergroup_lag");
    static final Map<String, String> KAFKA_JMX_METRICS = Map.of(
            "kafka_server_brokertopicmetrics_messagesin_total",
            "kafka.server<type=BrokerTopicMetrics, name=MessagesInPerSec><>Count",
            "kafka_server_replicamanager_underreplicatedpartitions",
            "kafka.server<type=ReplicaManager, name=UnderReplicatedPartitions><>Value");

    private ManifestChecks() {
    }

    // ---------------------------------------------------------------- wiring between objects

    /** Selectors select, references resolve, ports named in probes and Services exist. */
    static List<String> wiringProblems(Manifests m) {
        List<String> problems = new ArrayList<>();
        List<Map<String, Object>> workloads = new ArrayList<>(m.all("Deployment"));
        workloads.addAll(m.all("StatefulSet"));
        for (Map<String, Object> w : workloads) {
            String name = Yaml.str(w, "metadata.name");
            Map<String, Object> labels = Yaml.map(w, "spec.template.metadata.labels");
            Map<String, Object> selector = Yaml.map(w, "spec.selector.matchLabels");
            if (selector.isEmpty() || !matches(selector, labels)) {
                problems.add(name + ": selector " + selector + " does not select its pod template " + labels);
            }
            for (Map<String, Object> spread : Yaml.maps(w, "spec.template.spec.topologySpreadConstraints")) {
                if (!matches(Yaml.map(spread, "labelSelector.matchLabels"), labels)) {
                    problems.add(name + ": topologySpreadConstraint does not select its own pods");
                }
            }
            Set<String> volumes = new TreeSet<>();
            Yaml.maps(w, "spec.template.spec.volumes").forEach(v -> volumes.add((String) v.get("name")));
            Yaml.maps(w, "spec.volumeClaimTemplates").forEach(v -> volumes.add(Yaml.str(v, "metadata.name")));
            for (Map<String, Object> c : Yaml.maps(w, "spec.template.spec.containers")) {
                for (Map<String, Object> mount : Yaml.maps(c, "volumeMounts")) {
                    if (!volumes.contains((String) mount.get("name"))) {
                        problems.add(name + ": volumeMount " + mount.get("name") + " has no volume");
                    }
                }
                for (String probe : List.of("startupProbe", "livenessProbe", "readinessProbe")) {
                    Object port = Yaml.at(c, probe + ".httpGet.port");
                    if (port != null && containerPortOrNull(c, port) == null) {
                        problems.add(name + ": " + probe + " port " + port + " is not a port of container " + c.get("name"));
                    }
                }
                try {
                    m.environment(c);
                } catch (AssertionError e) {
                    problems.add(name + ": " + e.getMessage());
                }
            }
            if ("StatefulSet".equals(w.get("kind"))) {
                String service = Yaml.str(w, "spec.serviceName");
                Optional<Map<String, Object>> svc = m.find("Service", service == null ? "" : service);
                if (svc.isEmpty() || !"None".equals(Yaml.str(svc.get(), "spec.clusterIP"))) {
                    problems.add(name + ": serviceName " + service + " is not a headless Service");
                }
            }
        }
        for (Map<String, Object> svc : m.all("Service")) {
            String name = Yaml.str(svc, "metadata.name");
            Map<String, Object> selector = Yaml.map(svc, "spec.selector");
            List<Map<String, Object>> selected = workloads.stream()
                    .filter(w -> matches(selector, Yaml.map(w, "spec.template.metadata.labels"))).toList();
            if (selected.isEmpty()) {
                problems.add("Service " + name + ": selector " + selector + " selects no workload");
                continue;
            }
            for (Map<String, Object> port : Yaml.maps(svc, "spec.ports")) {
                Object target = port.getOrDefault("targetPort", port.get("port"));
                for (Map<String, Object> w : selected) {
                    boolean found = Yaml.maps(w, "spec.template.spec.containers").stream()
                            .anyMatch(c -> containerPortOrNull(c, target) != null);
                    if (!found) {
                        problems.add("Service " + name + ": targetPort " + target + " is no port of "
                                + Yaml.str(w, "metadata.name"));
                    }
                }
            }
        }
        for (Map<String, Object> pdb : m.all("PodDisruptionBudget")) {
            Map<String, Object> selector = Yaml.map(pdb, "spec.selector.matchLabels");
            if (workloads.stream().noneMatch(w -> matches(selector, Yaml.map(w, "spec.template.metadata.labels")))) {
                problems.add("PodDisruptionBudget " + Yaml.str(pdb, "metadata.name") + " selects no pods");
            }
        }
        for (Map<String, Object> hpa : m.all("HorizontalPodAutoscaler")) {
            String kind = Yaml.str(hpa, "spec.scaleTargetRef.kind");
            String target = Yaml.str(hpa, "spec.scaleTargetRef.name");
            if (m.find(kind, target).isEmpty()) {
                problems.add("HorizontalPodAutoscaler " + Yaml.str(hpa, "metadata.name") + ": no " + kind + " " + target);
            }
        }
        for (Map<String, Object> ingress : m.all("Ingress")) {
            for (Map<String, Object> rule : Yaml.maps(ingress, "spec.rules")) {
                for (Map<String, Object> path : Yaml.maps(rule, "http.paths")) {
                    String service = Yaml.str(path, "backend.service.name");
                    Object port = Yaml.at(path, "backend.service.port.name") != null
                            ? Yaml.at(path, "backend.service.port.name") : Yaml.at(path, "backend.service.port.number");
                    Optional<Map<String, Object>> svc = m.find("Service", service);
                    if (svc.isEmpty() || Yaml.maps(svc.get(), "spec.ports").stream()
                            .noneMatch(p -> Objects.equals(p.get("name"), port) || Objects.equals(p.get("port"), port))) {
                        problems.add("Ingress: backend " + service + ":" + port + " does not exist");
                    }
                }
            }
        }
        return problems;
    }

    static boolean matches(Map<String, Object> selector, Map<String, Object> labels) {
        return selector.entrySet().stream().allMatch(e -> Objects.equals(String.valueOf(e.getValue()),
                labels.get(e.getKey()) == null ? null : String.valueOf(labels.get(e.getKey()))));
    }

    static Integer containerPortOrNull(Map<String, Object> container, Object port) {
        for (Map<String, Object> p : Yaml.maps(container, "ports")) {
            if (Objects.equals(p.get("name"), port) || Objects.equals(p.get("containerPort"), port)
                    || String.valueOf(p.get("containerPort")).equals(String.valueOf(port))) {
                return ((Number) p.get("containerPort")).intValue();
            }
        }
        return null;
    }

    static int containerPort(Map<String, Object> container, Object port) {
        Integer number = containerPortOrNull(container, port);
        if (number == null) {
            throw new AssertionError("no port " + port + " in container " + container.get("name"));
        }
        return number;
    }

    // ---------------------------------------------------------------- the app containers

    /** Main class, ports, probe paths, environment variable names of one app's container. */
    static List<String> containerProblems(Manifests m, PodEnv pod) {
        List<String> problems = new ArrayList<>();
        Map<String, Object> c = pod.container(m);
        String where = pod.workload + "/" + pod.container + ": ";
        Object args = Yaml.at(c, "args");
        if (!(args instanceof List<?> list) || list.isEmpty() || !pod.app.main.getName().equals(String.valueOf(list.get(0)))) {
            problems.add(where + "args must start with the main class " + pod.app.main.getName() + ", not " + args);
        }
        Map<String, String> env = pod.environment(m);
        for (String name : env.keySet()) {
            String why = EnvNames.unknown(name, pod.app);
            if (why != null) {
                problems.add(where + "environment variable " + name + ": " + why);
            }
        }
        AppConfig config = AppConfig.of(pod.app, env);
        // Named ports: "http" is the public server port, "management" is Actuator's.
        Integer http = containerPortOrNull(c, "http");
        Integer management = containerPortOrNull(c, "management");
        if (pod == PodEnv.FANOUT && (http == null || http != config.serverPort())) {
            problems.add(where + "port http is " + http + ", the app listens on " + config.serverPort());
        }
        if (management == null || management != config.managementPort()) {
            problems.add(where + "port management is " + management + ", Actuator listens on " + config.managementPort());
        }
        if (!config.exposes("prometheus")) {
            problems.add(where + "the app does not expose the prometheus endpoint");
        }
        problems.addAll(probeProblems(where, c, config, "startupProbe", "liveness"));
        problems.addAll(probeProblems(where, c, config, "livenessProbe", "liveness"));
        problems.addAll(probeProblems(where, c, config, "readinessProbe", "readiness"));
        return problems;
    }

    private static List<String> probeProblems(String where, Map<String, Object> c, AppConfig config, String probe,
                                              String group) {
        Map<String, Object> spec = Yaml.map(c, probe);
        if (spec.isEmpty()) {
            return List.of(where + "no " + probe);
        }
        Integer port = containerPortOrNull(c, Yaml.at(spec, "httpGet.port"));
        String path = Yaml.str(spec, "httpGet.path");
        Set<String> served = new LinkedHashSet<>();
        served.add(config.managementPort() + config.actuatorBasePath() + "/health/" + group);
        if (config.additionalProbePaths()) {
            served.add(config.serverPort() + (group.equals("liveness") ? "/livez" : "/readyz"));
        }
        if (!served.contains(port + path)) {
            return List.of(where + probe + " asks port " + port + " path " + path + "; the app serves its " + group
                    + " group at " + served);
        }
        return List.of();
    }

    // ---------------------------------------------------------------- the processors

    static List<String> processorsProblems(Manifests m) {
        List<String> problems = new ArrayList<>();
        Map<String, Object> sts = PodEnv.PROCESSORS.workload(m);
        AppConfig config = PodEnv.PROCESSORS.config(m);
        ProcessorsProperties p = config.processors();
        Map<String, Object> c = PodEnv.PROCESSORS.container(m);
        if (p.stateDir() == null || p.stateDir().isBlank()) {
            problems.add("processors: no state dir configured (it would be in the container's temp dir)");
        } else if (Yaml.maps(c, "volumeMounts").stream().noneMatch(v -> p.stateDir().equals(v.get("mountPath"))
                && Yaml.maps(sts, "spec.volumeClaimTemplates").stream()
                .anyMatch(t -> v.get("name").equals(Yaml.str(t, "metadata.name"))))) {
            problems.add("processors: the state dir " + p.stateDir() + " is not on a persistent volume");
        }
        int replicas = ((Number) Yaml.at(sts, "spec.replicas")).intValue();
        int inputPartitions = topicPartitions(m, Topic.LEARNING_EVENTS);
        if (replicas * p.streamThreads() > inputPartitions) {
            problems.add("processors: " + replicas + " instances x " + p.streamThreads() + " stream threads exceed the "
                    + inputPartitions + " partitions of learning-events (the extra threads would sit idle)");
        }
        if (p.standbyReplicas() < 1 || p.standbyReplicas() >= replicas) {
            problems.add("processors: standby replicas " + p.standbyReplicas() + " must be at least 1 and fewer than "
                    + replicas + " instances");
        }
        Object maxUnavailable = Yaml.at(m.get("PodDisruptionBudget", PodEnv.PROCESSORS.workload), "spec.maxUnavailable");
        if (!(maxUnavailable instanceof Number n) || n.intValue() > p.standbyReplicas()) {
            problems.add("processors: the PodDisruptionBudget may take " + maxUnavailable + " instances down, more than "
                    + "the standby replicas (" + p.standbyReplicas() + ") cover");
        }
        Duration grace = Duration.ofSeconds(((Number) Yaml.at(sts, "spec.template.spec.terminationGracePeriodSeconds")).longValue());
        Duration needed = p.closeTimeout().plus(SHUTDOWN_SLACK);
        if (grace.compareTo(needed) < 0) {
            problems.add("processors: terminationGracePeriodSeconds " + grace.toSeconds() + " is shorter than the Kafka "
                    + "Streams close timeout " + p.closeTimeout().toSeconds() + " s plus " + SHUTDOWN_SLACK.toSeconds() + " s");
        }
        int brokers = brokerCount(m);
        if (config.topics().replicationFactor() > brokers) {
            problems.add("processors: replication factor " + config.topics().replicationFactor() + " of internal topics "
                    + "needs more than the " + brokers + " brokers");
        }
        if (Yaml.map(c, "resources.requests").isEmpty() || Yaml.at(c, "resources.limits.memory") == null) {
            problems.add("processors: resources must request CPU and memory and limit memory");
        }
        return problems;
    }

    // ---------------------------------------------------------------- the fan-out

    static List<String> fanoutProblems(Manifests m, Manifests monitoring) {
        List<String> problems = new ArrayList<>();
        Map<String, Object> deployment = PodEnv.FANOUT.workload(m);
        Map<String, Object> c = PodEnv.FANOUT.container(m);
        AppConfig config = PodEnv.FANOUT.config(m);
        FanoutProperties f = config.fanout();
        if (!config.healthGroup("readiness").contains("kafkaCaughtUp")) {
            problems.add("fanout: the readiness group " + config.healthGroup("readiness") + " does not wait for Kafka (kafkaCaughtUp)");
        }
        // Graceful termination: preStop sleep, then the 1012 drain, then Spring's graceful web server shutdown.
        Duration preStop = preStopSleep(c);
        Duration grace = Duration.ofSeconds(((Number) Yaml.at(deployment, "spec.template.spec.terminationGracePeriodSeconds")).longValue());
        Duration needed = preStop.plus(f.shutdownTimeout()).plus(config.shutdownPhaseTimeout()).plus(SHUTDOWN_SLACK);
        if (preStop.isZero()) {
            problems.add("fanout: no preStop sleep: clients told to reconnect (1012) could be routed back to the stopping pod");
        }
        if (grace.compareTo(needed) < 0) {
            problems.add("fanout: terminationGracePeriodSeconds " + grace.toSeconds() + " < preStop " + preStop.toSeconds()
                    + " s + shutdown-timeout " + f.shutdownTimeout().toSeconds() + " s + shutdown phase "
                    + config.shutdownPhaseTimeout().toSeconds() + " s + " + SHUTDOWN_SLACK.toSeconds() + " s");
        }
        if (!"0".equals(Yaml.str(deployment, "spec.strategy.rollingUpdate.maxUnavailable"))) {
            problems.add("fanout: a rolling update must not take a node down before its replacement is ready");
        }
        // The HPA: connections per pod, with room for one pod's clients below the per-node cap.
        Map<String, Object> hpa = m.get("HorizontalPodAutoscaler", PodEnv.FANOUT.workload);
        Optional<Map<String, Object>> pods = Yaml.maps(hpa, "spec.metrics").stream()
                .filter(x -> "Pods".equals(x.get("type"))).findFirst();
        if (pods.isEmpty()) {
            problems.add("fanout: the HPA has no Pods metric");
        } else {
            String metric = Yaml.str(pods.get(), "pods.metric.name");
            Set<String> served = adapterMetricNames(InfraPaths.monitoring());
            if (!served.contains(metric)) {
                problems.add("fanout: the HPA's metric " + metric + " is not served by prometheus-adapter " + served);
            }
            double target = Double.parseDouble(Yaml.str(pods.get(), "pods.target.averageValue"));
            int min = ((Number) Yaml.at(hpa, "spec.minReplicas")).intValue();
            double afterLosingOne = target * min / Math.max(1, min - 1);
            if (min < 2 || afterLosingOne >= f.limits().maxConnections()) {
                problems.add("fanout: with " + min + " pods at " + target + " connections, losing one puts "
                        + afterLosingOne + " on the others, over the cap of " + f.limits().maxConnections());
            }
        }
        // One event loop per core: the JVM must see the cores the pod requests.
        String cpu = Yaml.str(c, "resources.requests.cpu");
        Matcher apc = Pattern.compile("-XX:ActiveProcessorCount=(\\d+)").matcher(
                Objects.requireNonNullElse(config.env.getProperty("JAVA_TOOL_OPTIONS"), ""));
        if (cpu == null || !apc.find() || Double.parseDouble(cpu) != Double.parseDouble(apc.group(1))) {
            problems.add("fanout: -XX:ActiveProcessorCount must equal the CPU request " + cpu);
        }
        if (Yaml.at(c, "resources.requests.memory") == null
                || !Objects.equals(Yaml.at(c, "resources.requests.memory"), Yaml.at(c, "resources.limits.memory"))) {
            problems.add("fanout: memory request and limit must be set and equal (no surprise OOM kills under load)");
        }
        // Ingress idle timeouts must outlast two heartbeats.
        for (Map<String, Object> ingress : m.all("Ingress")) {
            for (String key : List.of("nginx.ingress.kubernetes.io/proxy-read-timeout",
                    "nginx.ingress.kubernetes.io/proxy-send-timeout")) {
                String v = (String) Yaml.map(ingress, "metadata.annotations").get(key);
                if (v == null || Long.parseLong(v) <= 2 * f.heartbeat().toSeconds()) {
                    problems.add("fanout: ingress " + key + " = " + v + " must exceed two heartbeats ("
                            + 2 * f.heartbeat().toSeconds() + " s)");
                }
            }
        }
        return problems;
    }

    static Duration preStopSleep(Map<String, Object> container) {
        Object command = Yaml.at(container, "lifecycle.preStop.exec.command");
        if (command instanceof List<?> list && list.size() == 2 && "sleep".equals(list.get(0))) {
            return Duration.ofSeconds(Long.parseLong(String.valueOf(list.get(1))));
        }
        Object sleep = Yaml.at(container, "lifecycle.preStop.sleep.seconds");
        return sleep instanceof Number n ? Duration.ofSeconds(n.longValue()) : Duration.ZERO;
    }

    // ---------------------------------------------------------------- Kafka and topics

    static List<String> kafkaProblems(Manifests m) {
        List<String> problems = new ArrayList<>();
        List<Map<String, Object>> clusters = m.all("Kafka");
        if (clusters.size() != 1) {
            return List.of("expected one Kafka cluster, found " + clusters.size());
        }
        Map<String, Object> kafka = clusters.get(0);
        String cluster = Yaml.str(kafka, "metadata.name");
        for (String kind : List.of("Kafka", "KafkaNodePool", "KafkaTopic")) {
            for (Map<String, Object> o : m.all(kind)) {
                if (!KAFKA_API.equals(o.get("apiVersion"))) {
                    problems.add(kind + " " + Yaml.str(o, "metadata.name") + ": apiVersion " + o.get("apiVersion"));
                }
                if (!kind.equals("Kafka") && !cluster.equals(Yaml.map(o, "metadata.labels").get("strimzi.io/cluster"))) {
                    problems.add(kind + " " + Yaml.str(o, "metadata.name") + ": not labelled strimzi.io/cluster=" + cluster);
                }
            }
        }
        String version = Yaml.str(kafka, "spec.kafka.version");
        if (version == null || compareVersions(version, MIN_KAFKA_VERSION) < 0) {
            problems.add("Kafka version " + version + " is older than " + MIN_KAFKA_VERSION);
        }
        int controllers = 0;
        for (Map<String, Object> pool : m.all("KafkaNodePool")) {
            List<?> roles = (List<?>) Yaml.at(pool, "spec.roles");
            if (roles != null && roles.contains("controller")) {
                controllers += ((Number) Yaml.at(pool, "spec.replicas")).intValue();
            }
        }
        int brokers = brokerCount(m);
        if (brokers < TOPIC_REPLICAS) {
            problems.add("Kafka: " + brokers + " brokers cannot hold " + TOPIC_REPLICAS + " replicas");
        }
        if (controllers < 3 || controllers % 2 == 0) {
            problems.add("Kafka: " + controllers + " KRaft controllers; a quorum that survives one loss needs an odd number >= 3");
        }
        Map<String, Object> config = Yaml.map(kafka, "spec.kafka.config");
        int minIsr = Integer.parseInt(String.valueOf(config.getOrDefault("min.insync.replicas", "1")));
        if (minIsr < 2 || minIsr >= TOPIC_REPLICAS) {
            problems.add("Kafka: min.insync.replicas " + minIsr + " must be 2..replicas-1 so acks=all survives one loss");
        }
        for (String key : List.of("default.replication.factor", "offsets.topic.replication.factor",
                "transaction.state.log.replication.factor")) {
            if (!String.valueOf(TOPIC_REPLICAS).equals(String.valueOf(config.get(key)))) {
                problems.add("Kafka: " + key + " must be " + TOPIC_REPLICAS);
            }
        }
        // The apps' bootstrap address is the cluster's bootstrap Service and an internal listener's port.
        Map<String, String> data = m.data("ConfigMap", "liveboard-config");
        String bootstrap = data.get(io.liveboard.catalog.PropertyNames.BOOTSTRAP_SERVERS_ENV);
        Set<String> addresses = new TreeSet<>();
        for (Map<String, Object> listener : Yaml.maps(kafka, "spec.kafka.listeners")) {
            if ("internal".equals(listener.get("type")) && !Boolean.TRUE.equals(listener.get("tls"))) {
                addresses.add(cluster + "-kafka-bootstrap:" + listener.get("port"));
            }
        }
        if (!addresses.contains(bootstrap)) {
            problems.add("KAFKA_BOOTSTRAP_SERVERS " + bootstrap + " is not one of the cluster's plain internal bootstrap "
                    + "addresses " + addresses);
        }
        // Metrics: the exporter's rules exist and parse.
        String metricsMap = Yaml.str(kafka, "spec.kafka.metricsConfig.valueFrom.configMapKeyRef.name");
        String metricsKey = Yaml.str(kafka, "spec.kafka.metricsConfig.valueFrom.configMapKeyRef.key");
        if (metricsMap == null || m.find("ConfigMap", metricsMap).isEmpty()
                || !m.data("ConfigMap", metricsMap).containsKey(metricsKey)) {
            problems.add("Kafka: metricsConfig refers to a missing ConfigMap key " + metricsMap + "/" + metricsKey);
        } else if (Yaml.documents(m.data("ConfigMap", metricsMap).get(metricsKey)).get(0).get("rules") == null) {
            problems.add("Kafka: the metrics config has no rules");
        }
        if (Yaml.at(kafka, "spec.entityOperator.topicOperator") == null) {
            problems.add("Kafka: no topic operator: the KafkaTopics would not be created");
        }
        return problems;
    }

    /** Every catalog topic exactly once, as the catalog defines it; nothing else. */
    static List<String> topicProblems(Manifests m) {
        List<String> problems = new ArrayList<>();
        String prefix = m.data("ConfigMap", "liveboard-config").get(io.liveboard.catalog.PropertyNames.TOPICS_PREFIX_ENV);
        TopicCatalog catalog = new TopicCatalog(prefix, (short) TOPIC_REPLICAS);
        Set<String> expected = new TreeSet<>();
        for (Topic topic : Topic.values()) {
            NewTopic want = catalog.newTopic(topic);
            expected.add(want.name());
            List<Map<String, Object>> found = m.all("KafkaTopic").stream()
                    .filter(t -> want.name().equals(topicName(t))).toList();
            if (found.size() != 1) {
                problems.add("topic " + want.name() + ": " + found.size() + " KafkaTopics");
                continue;
            }
            Map<String, Object> t = found.get(0);
            int partitions = ((Number) Yaml.at(t, "spec.partitions")).intValue();
            if (partitions < topic.defaultPartitions()) {
                problems.add("topic " + want.name() + ": " + partitions + " partitions, fewer than the catalog's "
                        + topic.defaultPartitions());
            }
            if (!String.valueOf(TOPIC_REPLICAS).equals(Yaml.str(t, "spec.replicas"))) {
                problems.add("topic " + want.name() + ": replicas " + Yaml.str(t, "spec.replicas"));
            }
            Map<String, Object> config = Yaml.map(t, "spec.config");
            want.configs().forEach((k, v) -> {
                if (!v.equals(config.get(k) == null ? null : String.valueOf(config.get(k)))) {
                    problems.add("topic " + want.name() + ": " + k + " is " + config.get(k) + ", the catalog says " + v);
                }
            });
        }
        for (Map<String, Object> t : m.all("KafkaTopic")) {
            if (!expected.contains(topicName(t))) {
                problems.add("KafkaTopic " + topicName(t) + " is not in the catalog (with prefix '" + prefix + "')");
            }
        }
        return problems;
    }

    static String topicName(Map<String, Object> kafkaTopic) {
        String name = Yaml.str(kafkaTopic, "spec.topicName");
        return name != null ? name : Yaml.str(kafkaTopic, "metadata.name");
    }

    static int topicPartitions(Manifests m, Topic topic) {
        String prefix = m.data("ConfigMap", "liveboard-config").get(io.liveboard.catalog.PropertyNames.TOPICS_PREFIX_ENV);
        String name = new TopicCatalog(prefix).name(topic);
        return m.all("KafkaTopic").stream().filter(t -> name.equals(topicName(t)))
                .map(t -> ((Number) Yaml.at(t, "spec.partitions")).intValue()).findFirst().orElse(0);
    }

    static int brokerCount(Manifests m) {
        int brokers = 0;
        for (Map<String, Object> pool : m.all("KafkaNodePool")) {
            List<?> roles = (List<?>) Yaml.at(pool, "spec.roles");
            if (roles != null && roles.contains("broker")) {
                brokers += ((Number) Yaml.at(pool, "spec.replicas")).intValue();
            }
        }
        return brokers;
    }

    static int compareVersions(String a, String b) {
        String[] x = a.split("\\.");
        String[] y = b.split("\\.");
        for (int i = 0; i < Math.max(x.length, y.length); i++) {
            int p = i < x.length ? Integer.parseInt(x[i]) : 0;
            int q = i < y.length ? Integer.parseInt(y[i]) : 0;
            if (p != q) {
                return Integer.compare(p, q);
            }
        }
        return 0;
    }

    /**
     * The JMX metric names the dashboard uses come out of the Kafka nodes' exporter rules: each rule is applied
     * the way the JMX exporter does (first matching pattern, anchored as {@code ^.*(?:pattern).*$}, $n replaced,
     * lower-cased when lowercaseOutputName is set).
     */
    static List<String> kafkaMetricProblems(Manifests m) {
        List<String> problems = new ArrayList<>();
        Map<String, Object> kafka = m.all("Kafka").get(0);
        String map = Yaml.str(kafka, "spec.kafka.metricsConfig.valueFrom.configMapKeyRef.name");
        String key = Yaml.str(kafka, "spec.kafka.metricsConfig.valueFrom.configMapKeyRef.key");
        Map<String, Object> config = Yaml.documents(m.data("ConfigMap", map).get(key)).get(0);
        boolean lower = Boolean.TRUE.equals(config.get("lowercaseOutputName"));
        KAFKA_JMX_METRICS.forEach((metric, mbean) -> {
            String produced = null;
            for (Map<String, Object> rule : Yaml.maps(config, "rules")) {
                Matcher matcher = Pattern.compile("^.*(?:" + rule.get("pattern") + ").*$").matcher(mbean);
                if (matcher.matches()) {
                    produced = String.valueOf(rule.get("name"));
                    for (int g = matcher.groupCount(); g >= 1; g--) {
                        produced = produced.replace("$" + g, Objects.requireNonNullElse(matcher.group(g), ""));
                    }
                    produced = lower ? produced.toLowerCase() : produced;
                    break;
                }
            }
            if (!metric.equals(produced)) {
                problems.add("Kafka metrics: " + mbean + " becomes " + produced + ", the dashboard expects " + metric);
            }
        });
        return problems;
    }

    // ---------------------------------------------------------------- monitoring

    /** The PodMonitor endpoint that scrapes a container of ours: selects its pod and names one of its ports. */
    static Map<String, Object> podMonitorEndpoint(Manifests monitoring, Manifests apps, String container) {
        PodEnv pod = PodEnv.valueOf(container.toUpperCase());
        Map<String, Object> labels = Yaml.map(pod.workload(apps), "spec.template.metadata.labels");
        for (Map<String, Object> pm : monitoring.all("PodMonitor")) {
            if (selects(Yaml.map(pm, "spec.selector"), labels)) {
                for (Map<String, Object> endpoint : Yaml.maps(pm, "spec.podMetricsEndpoints")) {
                    if (containerPortOrNull(pod.container(apps), endpoint.get("port")) != null) {
                        return endpoint;
                    }
                }
            }
        }
        throw new AssertionError("no PodMonitor endpoint scrapes " + container);
    }

    /** A label selector (matchLabels and matchExpressions with In/NotIn/Exists/DoesNotExist) against labels. */
    @SuppressWarnings("unchecked")
    static boolean selects(Map<String, Object> selector, Map<String, Object> labels) {
        if (!matches(Yaml.map(selector, "matchLabels"), labels)) {
            return false;
        }
        for (Map<String, Object> e : Yaml.maps(selector, "matchExpressions")) {
            Object value = labels.get(e.get("key"));
            List<Object> values = (List<Object>) e.getOrDefault("values", List.of());
            boolean ok = switch (String.valueOf(e.get("operator"))) {
                case "In" -> value != null && values.stream().map(String::valueOf).toList().contains(String.valueOf(value));
                case "NotIn" -> value == null || !values.stream().map(String::valueOf).toList().contains(String.valueOf(value));
                case "Exists" -> value != null;
                case "DoesNotExist" -> value == null;
                default -> false;
            };
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /** Both apps are scraped at their Prometheus endpoint, on the management port. */
    static List<String> podMonitorProblems(Manifests apps, Manifests monitoring) {
        List<String> problems = new ArrayList<>();
        for (PodEnv pod : PodEnv.values()) {
            try {
                Map<String, Object> endpoint = podMonitorEndpoint(monitoring, apps, pod.container);
                AppConfig config = pod.config(apps);
                int port = containerPort(pod.container(apps), endpoint.get("port"));
                String expected = config.actuatorBasePath() + "/prometheus";
                if (port != config.managementPort() || !expected.equals(endpoint.get("path"))) {
                    problems.add("PodMonitor scrapes " + pod + " at " + port + endpoint.get("path") + "; the app serves "
                            + config.managementPort() + expected);
                }
            } catch (AssertionError e) {
                problems.add(e.getMessage());
            }
        }
        return problems;
    }

    /** Every PromQL expression of the dashboard reads only metrics that exist. */
    static List<String> dashboardProblems(Path monitoringDir, Set<String> appMetrics) {
        List<String> problems = new ArrayList<>();
        Set<String> known = new TreeSet<>(appMetrics);
        known.addAll(KAFKA_EXPORTER_METRICS);
        known.addAll(KAFKA_JMX_METRICS.keySet());
        for (Map.Entry<String, String> e : dashboardExpressions(monitoringDir).entrySet()) {
            Set<String> names = PromQl.metricNames(e.getValue());
            if (names.isEmpty()) {
                problems.add("panel " + e.getKey() + ": no metric in " + e.getValue());
            }
            for (String name : names) {
                if (!known.contains(name)) {
                    problems.add("panel " + e.getKey() + ": metric " + name + " is not exported");
                }
            }
        }
        return problems;
    }

    /** Panel title (+ refId) to expression, for every target and templating query of the dashboard. */
    static Map<String, String> dashboardExpressions(Path monitoringDir) {
        JsonNode dashboard = dashboard(monitoringDir);
        Map<String, String> out = new java.util.LinkedHashMap<>();
        List<JsonNode> panels = new ArrayList<>();
        dashboard.path("panels").forEach(p -> {
            panels.add(p);
            p.path("panels").forEach(panels::add);
        });
        for (JsonNode panel : panels) {
            for (JsonNode target : panel.path("targets")) {
                if (target.has("expr")) {
                    out.put(panel.path("title").asString() + "/" + target.path("refId").asString(),
                            target.path("expr").asString());
                }
            }
        }
        for (JsonNode variable : dashboard.path("templating").path("list")) {
            String query = variable.path("query").isObject() ? variable.path("query").path("query").asString()
                    : variable.path("query").asString();
            Matcher lv = Pattern.compile("label_values\\(([^,]+),").matcher(query);
            if ("query".equals(variable.path("type").asString()) && lv.find()) {
                out.put("variable " + variable.path("name").asString(), lv.group(1));
            }
        }
        return out;
    }

    static JsonNode dashboard(Path monitoringDir) {
        try {
            return JsonMapper.builder().build().readTree(Files.readString(monitoringDir.resolve("grafana/liveboard.json")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The metric names prometheus-adapter serves (its rules' name.as). */
    static Set<String> adapterMetricNames(Path monitoringDir) {
        Map<String, Object> values = Yaml.documents(monitoringDir.resolve("prometheus-adapter/values.yaml")).get(0);
        Set<String> names = new TreeSet<>();
        for (Map<String, Object> rule : Yaml.maps(values, "rules.custom")) {
            names.add(Yaml.str(rule, "name.as"));
        }
        return names;
    }

    /** The adapter's series exist in the fan-out's scrape and carry the labels it maps to pods. */
    static List<String> adapterProblems(Path monitoringDir, Manifests apps, Set<String> fanoutMetrics) {
        List<String> problems = new ArrayList<>();
        Map<String, Object> values = Yaml.documents(monitoringDir.resolve("prometheus-adapter/values.yaml")).get(0);
        for (Map<String, Object> rule : Yaml.maps(values, "rules.custom")) {
            Set<String> series = PromQl.metricNames(Yaml.str(rule, "seriesQuery"));
            for (String s : series) {
                if (!fanoutMetrics.contains(s)) {
                    problems.add("prometheus-adapter rule reads " + s + ", which the fan-out does not export");
                }
            }
            Set<String> overrides = Yaml.map(rule, "resources.overrides").keySet();
            if (!overrides.containsAll(List.of("namespace", "pod"))) {
                problems.add("prometheus-adapter rule must map namespace and pod labels to resources: " + overrides);
            }
        }
        return problems;
    }
}
