package io.liveboard.processors.leaderboard;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The rank index at leaderboard sizes up to a million users: what one board change costs (remove the
 * old key, insert the new one, read the new rank), the top-100 read of a snapshot, and the rebuild
 * after a restart. Run: see BENCHMARKS.md ("Stream processors").
 */
@State(Scope.Thread)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class RankIndexBenchmark {

    @Param({"10000", "1000000"})
    int users;

    private RankIndex index;
    private double[] value;
    private long[] reachedAt;
    private SplittableRandom random;
    private long clock;

    @Setup(Level.Trial)
    public void fill() {
        random = new SplittableRandom(1);
        index = new RankIndex(users);
        value = new double[users + 1];
        reachedAt = new long[users + 1];
        for (int u = 1; u <= users; u++) {
            value[u] = random.nextInt(200_000) / 10.0;
            reachedAt[u] = ++clock;
            index.insert(value[u], reachedAt[u], u);
        }
    }

    /** One user's value goes up: remove, insert, rank (what the leaderboard stage does per change). */
    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    public int update() {
        int u = 1 + random.nextInt(users);
        index.remove(value[u], reachedAt[u], u);
        value[u] += random.nextInt(50) / 10.0;
        reachedAt[u] = ++clock;
        index.insert(value[u], reachedAt[u], u);
        return index.rank(value[u], reachedAt[u], u);
    }

    /** The rank of any user. */
    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    public int rank() {
        int u = 1 + random.nextInt(users);
        return index.rank(value[u], reachedAt[u], u);
    }

    /** The top 100 for a snapshot. */
    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    public Object top100() {
        return index.top(100);
    }

    /** Building the whole index from scratch, as a restarted task does from its store. */
    @Benchmark
    @BenchmarkMode(Mode.SingleShotTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public RankIndex rebuild() {
        RankIndex fresh = new RankIndex();
        for (int u = 1; u <= users; u++) {
            fresh.insert(value[u], reachedAt[u], u);
        }
        return fresh;
    }
}
