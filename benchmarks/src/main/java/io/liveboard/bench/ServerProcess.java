package io.liveboard.bench;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A fan-out node in its own JVM (so its heap and CPU are its own), started from this classpath, and the readings
 * the benchmark takes from it: live heap after a full GC ({@code jcmd GC.class_histogram}), RSS and CPU time
 * ({@code /proc}).
 */
final class ServerProcess implements AutoCloseable {

    private static final long CLOCK_TICK_NANOS = 10_000_000L; // USER_HZ = 100 on Linux

    final Process process;
    final int port;
    final Path log;

    private ServerProcess(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    static ServerProcess start(String bootstrap, String prefix, int port, String heap, List<String> jvmArgs,
                               List<String> extraArgs) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Path log = Files.createTempFile("fanout-bench-server", ".log");
        // The node runs with the production manifest's JVM options, read from it so that the benchmark measures
        // what ships (no perf-data sampling, G1's card refinement at the pauses, the idle checks made rarer...);
        // the heap set here overrides its MaxRAMPercentage. GC pauses and safepoints go to a file beside the
        // node's log, to tell a node stall from a client or broker one.
        // The heap is touched at start: otherwise RSS grows with whichever heap regions the GC happens to have used
        // (6.5-15 KB "per connection" in runs alike), and the growth measured is the node's native memory alone.
        List<String> cmd = new ArrayList<>(List.of(java));
        cmd.addAll(manifestJvmOptions());
        cmd.addAll(List.of("-Xms" + heap, "-Xmx" + heap, "-XX:+UseG1GC", "-XX:+AlwaysPreTouch",
                "-Xlog:gc,safepoint:file=" + log + ".gc:time"));
        cmd.addAll(jvmArgs);
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), "io.liveboard.fanout.FanoutApplication",
                "--server.port=" + port, "--server.address=127.0.0.1",
                "--spring.kafka.bootstrap-servers=" + bootstrap,
                "--liveboard.topics.prefix=" + prefix,
                "--liveboard.auth.token-secret=benchmark-secret-0123456789-0123456789-0123456789-abcdef",
                "--liveboard.fanout.limits.max-connections=19800",
                "--management.endpoints.web.exposure.include=health,prometheus"));
        cmd.addAll(extraArgs);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        return new ServerProcess(p, port, log);
    }

    long pid() {
        return process.pid();
    }

    void awaitReady(Duration timeout) throws InterruptedException {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("fan-out process exited; see " + log);
            }
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                        + "/actuator/health/readiness")).timeout(Duration.ofSeconds(2)).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("fan-out not ready within " + timeout + "; see " + log);
    }

    /** The node's Prometheus endpoint, scraped once. */
    String prometheus() throws IOException, InterruptedException {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                "http://127.0.0.1:" + port + "/actuator/prometheus")).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    /**
     * One of the node's latency histograms in a scrape ({@code liveboard_fanout_delivery_latency_seconds}: record
     * timestamp to the socket write; {@code liveboard_fanout_delivery_node_latency_seconds}: the node's poll to the
     * socket write) as cumulative counts by bucket upper bound in seconds.
     */
    static TreeMap<Double, Long> latencyBuckets(String scrape, String histogram) {
        TreeMap<Double, Long> buckets = new TreeMap<>();
        Matcher m = Pattern.compile(
                "(?m)^" + histogram + "_bucket\\{.*le=\"([^\"]+)\".*\\} (\\S+)$")
                .matcher(scrape);
        while (m.find()) {
            double le = m.group(1).equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(m.group(1));
            buckets.put(le, (long) Double.parseDouble(m.group(2)));
        }
        return buckets;
    }

    /** Bytes of live objects after a full GC (the histogram forces one). */
    long liveHeapBytes() throws IOException, InterruptedException {
        String out = jcmd("GC.class_histogram");
        for (String line : out.split("\n")) {
            if (line.startsWith("Total")) {
                String[] parts = line.trim().split("\\s+");
                return Long.parseLong(parts[2]);
            }
        }
        throw new IllegalStateException("no total in class histogram:\n" + out);
    }

    /** The top classes of the live heap (for BENCHMARKS.md: where the bytes per connection go). */
    String histogramTop(int lines) throws IOException, InterruptedException {
        String[] all = jcmd("GC.class_histogram").split("\n");
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < Math.min(all.length, lines + 3); i++) {
            sb.append(all[i]).append('\n');
        }
        return sb.toString();
    }

    long rssBytes() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid()), "status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
            }
        }
        return -1;
    }

    /** The fan-out pod's JAVA_TOOL_OPTIONS in the production manifest (the benchmark runs from the repository root). */
    private static List<String> manifestJvmOptions() throws IOException {
        Path manifest = Path.of("infra/k8s/base/fanout.yaml");
        if (!Files.isRegularFile(manifest)) {
            throw new IllegalStateException("run the benchmark from the repository root: " + manifest + " not found");
        }
        Matcher options = Pattern.compile("- name: JAVA_TOOL_OPTIONS\\s+value: \"([^\"]*)\"")
                .matcher(Files.readString(manifest));
        if (!options.find()) {
            throw new IllegalStateException("no JAVA_TOOL_OPTIONS in " + manifest);
        }
        return List.of(options.group(1).trim().split("\\s+"));
    }

    /** User + system CPU time of the process so far. */
    long cpuNanos() throws IOException {
        return cpuNanos(pid());
    }

    /** User + system CPU time so far of any process (the native load client's too). */
    static long cpuNanos(long pid) throws IOException {
        return ticks(Files.readString(Path.of("/proc", Long.toString(pid), "stat"))) * CLOCK_TICK_NANOS;
    }

    /** CPU time so far of the JIT compiler threads (HotSpot names them "C1 CompilerThread…", "C2 CompilerThread…"). */
    long compilerCpuNanos() throws IOException {
        long total = 0;
        try (Stream<Path> tasks = Files.list(Path.of("/proc", Long.toString(pid()), "task"))) {
            for (Path task : tasks.toList()) {
                try {
                    if (Files.readString(task.resolve("comm")).contains("CompilerThre")) {
                        total += ticks(Files.readString(task.resolve("stat")));
                    }
                } catch (IOException e) {
                    // the thread ended between the listing and the read
                }
            }
        }
        return total * CLOCK_TICK_NANOS;
    }

    /**
     * CPU time so far of each of the node's threads and how many times they were switched in, summed by thread name
     * (digits dropped, so both event loops or both compiler threads are one entry), from each thread's schedstat
     * (nanoseconds, not 10 ms ticks): name to {nanoseconds on a CPU, times switched in}.
     */
    Map<String, long[]> threadCpu() throws IOException {
        Map<String, long[]> byName = new TreeMap<>();
        try (Stream<Path> tasks = Files.list(Path.of("/proc", Long.toString(pid()), "task"))) {
            for (Path task : tasks.toList()) {
                try {
                    String name = Files.readString(task.resolve("comm")).trim().replaceAll("[0-9]+", "#");
                    String[] f = Files.readString(task.resolve("schedstat")).trim().split(" ");
                    long[] sum = byName.computeIfAbsent(name, k -> new long[2]);
                    sum[0] += Long.parseLong(f[0]);
                    sum[1] += Long.parseLong(f[2]);
                } catch (IOException e) {
                    // the thread ended between the listing and the read
                }
            }
        }
        return byName;
    }

    private static long ticks(String stat) {
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        // Fields after the command: state is index 0, utime is field 14 overall (index 11 here), stime index 12.
        return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    }

    private String jcmd(String command) throws IOException, InterruptedException {
        String jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
        Process p = new ProcessBuilder(jcmd, Long.toString(pid()), command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("jcmd timed out");
        }
        return out;
    }

    /** SIGTERM: the node tells its clients 1012 and stops. */
    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }

    static File logFile(ServerProcess s) {
        return s.log.toFile();
    }
}
