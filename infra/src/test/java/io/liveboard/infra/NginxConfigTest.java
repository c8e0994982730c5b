package io.liveboard.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.liveboard.infra.AppConfig.App;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The nginx example: WebSocket upgrade, no stickiness, timeouts above the heartbeat, Actuator kept private. */
class NginxConfigTest {

    private final String conf = NginxConfig.text();
    private final String root = NginxConfig.block(conf, "location /");

    @Test
    void balancesOverSeveralFanoutNodesWithoutStickiness() {
        List<String> servers = NginxConfig.upstreamServers(conf);
        assertThat(servers).hasSizeGreaterThanOrEqualTo(2).doesNotHaveDuplicates();
        // The example's nodes are the CLI's default fan-out port and one more, as the README starts them.
        int defaultPort = AppConfig.of(App.FANOUT, java.util.Map.of()).serverPort();
        assertThat(servers).contains("127.0.0.1:" + defaultPort);
        String upstream = NginxConfig.block(conf, "upstream liveboard_fanout");
        assertThat(upstream).doesNotContainPattern("\\b(ip_hash|hash|sticky)\\b");
    }

    @Test
    void passesTheWebSocketUpgrade() {
        assertThat(root).containsPattern("proxy_http_version\\s+1\\.1;")
                .containsPattern("proxy_set_header\\s+Upgrade\\s+\\$http_upgrade;")
                .containsPattern("proxy_set_header\\s+Connection\\s+\\$connection_upgrade;")
                .containsPattern("proxy_pass\\s+http://liveboard_fanout;");
        assertThat(NginxConfig.block(conf, "map $http_upgrade $connection_upgrade")).contains("default upgrade;");
        // The node's same-origin check compares Origin with Host including the port: $host would drop it.
        assertThat(root).containsPattern("proxy_set_header\\s+Host\\s+\\$http_host;");
    }

    @Test
    void idleTimeoutsOutlastTwoHeartbeats() {
        Duration heartbeat = AppConfig.of(App.FANOUT, java.util.Map.of()).fanout().heartbeat();
        for (String directive : List.of("proxy_read_timeout", "proxy_send_timeout")) {
            Matcher m = Pattern.compile(directive + "\\s+(\\d+)s;").matcher(root);
            assertThat(m.find()).as(directive).isTrue();
            assertThat(Long.parseLong(m.group(1))).as(directive).isGreaterThan(2 * heartbeat.toSeconds());
        }
    }

    @Test
    void keepsActuatorPrivate() {
        assertThat(NginxConfig.block(conf, "location /actuator/")).containsPattern("return\\s+404;");
    }

    @Test
    void nginxAcceptsTheConfiguration(@TempDir Path prefix) throws Exception {
        var nginx = NginxConfig.binary();
        assumeTrue(nginx.isPresent(), "nginx is not installed: configuration syntax not checked");
        Files.createDirectories(prefix.resolve("logs"));
        Files.createDirectories(prefix.resolve("temp"));
        Process p = new ProcessBuilder(nginx.get().toString(), "-e", "stderr", "-p", prefix.toString(),
                "-c", NginxConfig.file().toString(), "-t").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
    }
}
