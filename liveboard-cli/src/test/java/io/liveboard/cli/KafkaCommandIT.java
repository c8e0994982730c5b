package io.liveboard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import io.liveboard.testing.FreePorts;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code liveboard kafka start|status|stop}: a real standalone broker process, used by the other commands. */
class KafkaCommandIT {

    @TempDir
    Path data;
    private String port;

    @AfterEach
    void stopBroker() {
        if (port != null) {
            CliRun.of("kafka", "stop", "--port", port, "--data", data.toString());
        }
    }

    @Test
    void startsServesSurvivesARestartAndStops() throws IOException {
        port = Integer.toString(FreePorts.one());
        String[] where = {"--port", port, "--controller-port", Integer.toString(FreePorts.one()),
                "--data", data.toString()};

        CliRun before = CliRun.of(concat(new String[] {"kafka", "status"}, where));
        assertThat(before.exitCode()).isEqualTo(3);
        assertThat(before.out()).contains("not running");

        CliRun start = CliRun.of(concat(new String[] {"kafka", "start"}, where));
        assertThat(start.exitCode()).as(start.err()).isZero();
        assertThat(start.out()).contains("Kafka is running").contains("127.0.0.1:" + port);
        assertThat(data.resolve("kraft-logs/meta.properties")).exists();

        CliRun again = CliRun.of(concat(new String[] {"kafka", "start"}, where));
        assertThat(again.exitCode()).isZero();
        assertThat(again.out()).contains("already running");

        String bootstrap = "127.0.0.1:" + port;
        assertThat(CliRun.of("topics", "--bootstrap", bootstrap).exitCode()).isZero();
        Path input = data.resolve("events.jsonl");
        Files.write(input, List.of(ProduceReplayIT.EVENTS.get(2)));
        CliRun produced = CliRun.of("produce", "--bootstrap", bootstrap, input.toString());
        assertThat(produced.exitCode()).as(produced.err()).isZero();

        CliRun status = CliRun.of(concat(new String[] {"kafka", "status"}, where));
        assertThat(status.exitCode()).isZero();
        assertThat(status.out()).contains("7 topics");

        // The data directory alone finds the broker where it serves (it was started on another port than 9092).
        CliRun byData = CliRun.of("kafka", "status", "--data", data.toString());
        assertThat(byData.exitCode()).as(byData.out()).isZero();
        assertThat(byData.out()).contains("127.0.0.1:" + port);
        assertThat(CliRun.of("kafka", "stop", "--data", data.toString()).out())
                .contains("Kafka at 127.0.0.1:" + port + " stopped");
        assertThat(CliRun.of(concat(new String[] {"kafka", "status"}, where)).exitCode()).isEqualTo(3);

        // The data survives a restart: the record is still there.
        assertThat(CliRun.of(concat(new String[] {"kafka", "start"}, where)).exitCode()).isZero();
        CliRun replay = CliRun.of("replay", "--bootstrap", bootstrap, "--topic", "learning-events");
        assertThat(replay.exitCode()).as(replay.err()).isZero();
        assertThat(replay.out()).contains("\"session_id\":\"s-1\"").contains("\"points\":40");
    }

    @Test
    void refusesAPortThatIsTaken() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            CliRun run = CliRun.of("kafka", "start", "--port", Integer.toString(taken.getLocalPort()),
                    "--data", data.toString());
            assertThat(run.exitCode()).isEqualTo(1);
            assertThat(run.err()).contains("already in use");
            assertThat(run.clean()).isTrue();
        }
    }

    private static String[] concat(String[] a, String[] b) {
        String[] all = new String[a.length + b.length];
        System.arraycopy(a, 0, all, 0, a.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
