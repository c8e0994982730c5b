package io.liveboard.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The idle connections held by {@code wsload} ({@code benchmarks/src/main/c/wsload.c}, a single-threaded C epoll
 * client) instead of this JVM ({@code --client=c}). The Java client spends about as much CPU per delivered message as
 * the node, on the same two cores; the C one about half of that, so a broadcast's figure is more the node's own.
 * Timestamps come back in CLOCK_MONOTONIC nanoseconds, the clock of {@link System#nanoTime()} on Linux.
 */
final class NativeLoadClient implements AutoCloseable {

    /** First and last receive time of one round (one broadcast), and how many connections got it. */
    record Round(int count, long firstNanos, long lastNanos) {
    }

    private final Process process;
    private final OutputStream commands;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private volatile int closedAfterReady;

    private NativeLoadClient(Process process) {
        this.process = process;
        this.commands = process.getOutputStream();
        Thread reader = new Thread(this::readLines, "wsload-output");
        reader.setDaemon(true);
        reader.start();
    }

    /** Compiles {@code source} with gcc into {@code target/} and starts it; the connections open at once. */
    static NativeLoadClient start(Path source, URI uri, int connections, int rate, int addresses, String marker,
                                  List<String> channels) throws IOException, InterruptedException {
        Path binary = Path.of("benchmarks/target/wsload");
        Files.createDirectories(binary.toAbsolutePath().getParent());
        Process gcc = new ProcessBuilder("gcc", "-O2", "-Wall", "-o", binary.toString(), source.toString())
                .inheritIO().start();
        if (!gcc.waitFor(60, TimeUnit.SECONDS) || gcc.exitValue() != 0) {
            throw new IllegalStateException("could not compile " + source + " with gcc");
        }
        List<String> command = new ArrayList<>(List.of(binary.toString(), uri.getHost(),
                Integer.toString(uri.getPort()), uri.getPath(), Integer.toString(connections), Integer.toString(rate),
                Integer.toString(addresses), marker));
        command.addAll(channels);
        // Its input is our pipe: when this JVM ends, for any reason, the client reads end of input and exits.
        return new NativeLoadClient(new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT)
                .start());
    }

    private void readLines() {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.US_ASCII))) {
            for (String line; (line = r.readLine()) != null; ) {
                if (line.startsWith("closed ")) {
                    closedAfterReady = Integer.parseInt(line.substring(7));
                } else {
                    lines.add(line);
                }
            }
        } catch (IOException e) {
            // the client ended; awaits time out and say so
        }
    }

    /** Open and failed connections once every connection is subscribed or has failed. */
    int[] awaitReady(Duration timeout) throws InterruptedException {
        String line = lines.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (line == null || !line.startsWith("ready ")) {
            throw new IllegalStateException("wsload did not report its connections ready in " + timeout
                    + (process.isAlive() ? "" : " (it exited with " + process.exitValue() + ")"));
        }
        String[] f = line.split(" ");
        return new int[] {Integer.parseInt(f[1]), Integer.parseInt(f[2])};
    }

    /**
     * The figures of the broadcast whose data has {@code "seq":seq} once every open connection has it, or null after
     * {@code timeout} (reports of earlier rounds, late after a timeout, are skipped).
     */
    Round awaitRound(long seq, Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        for (long left; (left = end - System.nanoTime()) > 0; ) {
            String line = lines.poll(left, TimeUnit.NANOSECONDS);
            if (line != null && line.startsWith("done ")) {
                String[] f = line.split(" ");
                if (Long.parseLong(f[1]) == seq) {
                    return new Round(Integer.parseInt(f[2]), Long.parseLong(f[3]), Long.parseLong(f[4]));
                }
            }
        }
        return null;
    }

    /** Which open connections lack the current round's marker (the first few of them), as wsload reports it. */
    String missing() throws IOException, InterruptedException {
        commands.write("missing\n".getBytes(StandardCharsets.US_ASCII));
        commands.flush();
        for (long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(5); System.nanoTime() < end; ) {
            String line = lines.poll(100, TimeUnit.MILLISECONDS);
            if (line != null && line.startsWith("missing ")) {
                return line.substring(8);
            }
        }
        return "no answer";
    }

    /** Connections the node closed after they were subscribed (a slow or dead peer, say). */
    int closedAfterReady() {
        return closedAfterReady;
    }

    long cpuNanos() throws IOException {
        return ServerProcess.cpuNanos(process.pid());
    }

    @Override
    public void close() throws InterruptedException {
        try {
            commands.close();
        } catch (IOException e) {
            // already gone
        }
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
