package io.liveboard.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.liveboard.catalog.ProcessorPropertyNames;
import io.liveboard.infra.AppConfig.App;
import org.junit.jupiter.api.Test;

/** monitoring/prometheus/prometheus.yml (Prometheus without the operator) scrapes what the PodMonitors scrape. */
class PrometheusConfigTest {

    private static final Map<String, Object> CONFIG =
            Yaml.documents(InfraPaths.monitoring().resolve("prometheus/prometheus.yml")).get(0);
    private static final Manifests BASE = Manifests.loadBase(InfraPaths.base());

    private static Map<String, Object> job(String name) {
        return Yaml.maps(CONFIG, "scrape_configs").stream().filter(j -> name.equals(j.get("job_name"))).findFirst()
                .orElseThrow(() -> new AssertionError("no job " + name));
    }

    private static Optional<String> keptPortName(Map<String, Object> job) {
        return Yaml.maps(job, "relabel_configs").stream()
                .filter(r -> "keep".equals(r.get("action")) && String.valueOf(r.get("source_labels"))
                        .contains("__meta_kubernetes_pod_container_port_name"))
                .map(r -> (String) r.get("regex")).findFirst();
    }

    private static List<String> targets(Map<String, Object> group) {
        return ((List<?>) group.get("targets")).stream().map(String::valueOf).toList();
    }

    @Test
    void kubernetesJobScrapesTheAppsLikeThePodMonitor() {
        Map<String, Object> apps = job("liveboard-apps");
        for (PodEnv pod : PodEnv.values()) {
            Map<String, Object> endpoint = ManifestChecks.podMonitorEndpoint(Manifests.loadMonitoring(InfraPaths.monitoring()),
                    BASE, pod.container);
            assertThat(apps.get("metrics_path")).isEqualTo(endpoint.get("path"));
            assertThat(keptPortName(apps)).contains((String) endpoint.get("port"));
        }
        assertThat(keptPortName(job("liveboard-kafka"))).contains("tcp-prometheus");
    }

    @Test
    void localJobScrapesTheNodesOfTheNginxExampleAndTheProcessors() {
        Map<String, Object> local = job("liveboard-local");
        List<Map<String, Object>> groups = Yaml.maps(local, "static_configs");
        Map<String, Object> fanout = groups.stream().filter(g -> "fanout".equals(Yaml.str(g, "labels.container"))).findFirst().orElseThrow();
        Map<String, Object> processors = groups.stream().filter(g -> "processors".equals(Yaml.str(g, "labels.container"))).findFirst().orElseThrow();
        // Without a management port, a CLI-started fan-out serves Actuator on its public port: the nginx upstreams.
        assertThat(AppConfig.of(App.FANOUT, Map.of()).managementPort()).isEqualTo(AppConfig.of(App.FANOUT, Map.of()).serverPort());
        assertThat(targets(fanout)).containsExactlyInAnyOrderElementsOf(NginxConfig.upstreamServers(NginxConfig.text()));
        assertThat(targets(processors)).contains("127.0.0.1:" + ProcessorPropertyNames.DEFAULT_SERVER_PORT);
        assertThat(local.get("metrics_path")).isEqualTo(AppConfig.of(App.FANOUT, Map.of()).actuatorBasePath() + "/prometheus");
    }
}
