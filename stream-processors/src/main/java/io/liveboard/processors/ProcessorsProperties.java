package io.liveboard.processors;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.boot.convert.DurationStyle;

/**
 * {@code liveboard.processors.*} (names in {@link io.liveboard.catalog.ProcessorPropertyNames}).
 *
 * @param stateDir        Kafka Streams state directory; empty: {@code {java.io.tmpdir}/liveboard-processors}
 * @param topN            entries per leaderboard snapshot
 * @param standbyReplicas warm copies of each task's state on other instances (faster failover)
 * @param streamThreads   stream threads of this instance
 * @param dedupeRetention how long an event id is remembered to drop redeliveries
 * @param commitInterval  Streams commit interval: under exactly-once, outputs become visible to read_committed readers
 *                        at commit, so it bounds latency (a repartition hop waits for two); 20 ms brings one hop's
 *                        median to ~50 ms at 1,000 events/s (100 ms: ~180 ms) for ~18 % of the peak rate
 *                        (BENCHMARKS.md); also the wall-clock tick of coalesced leaderboard snapshots
 * @param producerLinger  producer linger: small, commits flush anyway
 * @param closeTimeout    how long a graceful stop may take
 */
@ConfigurationProperties("liveboard.processors")
public record ProcessorsProperties(
        @DefaultValue("") String stateDir,
        @DefaultValue("100") int topN,
        @DefaultValue("0") int standbyReplicas,
        @DefaultValue("1") int streamThreads,
        @DefaultValue("7d") Duration dedupeRetention,
        @DefaultValue(ProcessorsProperties.DEFAULT_COMMIT_INTERVAL) Duration commitInterval,
        @DefaultValue("5ms") Duration producerLinger,
        @DefaultValue("30s") Duration closeTimeout) {

    static final String DEFAULT_COMMIT_INTERVAL = "20ms";

    /** The shipped commit interval, for code that builds these properties by hand (tests, benchmarks). */
    public static Duration defaultCommitInterval() {
        return DurationStyle.detectAndParse(DEFAULT_COMMIT_INTERVAL);
    }
}
