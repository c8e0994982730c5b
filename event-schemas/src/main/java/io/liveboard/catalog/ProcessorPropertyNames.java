package io.liveboard.catalog;

/**
 * Configuration properties of the stream-processors app (besides {@link PropertyNames}), for launchers
 * that start it in-process. Defaults in brackets.
 */
public final class ProcessorPropertyNames {

    /** Whether the app creates missing catalog topics at startup with an Admin client [true]. */
    public static final String TOPICS_CREATE = "liveboard.topics.create";
    /** Kafka Streams state directory [{java.io.tmpdir}/liveboard-processors]. */
    public static final String STATE_DIR = "liveboard.processors.state-dir";
    /** Entries per leaderboard snapshot; rank changes inside it are broadcast [100]. */
    public static final String TOP_N = "liveboard.processors.top-n";
    /** Warm standby copies of each task's state on other instances [0]. */
    public static final String STANDBY_REPLICAS = "liveboard.processors.standby-replicas";
    /** Stream threads per instance [1]. */
    public static final String STREAM_THREADS = "liveboard.processors.stream-threads";
    /** How long an event id is remembered to drop redeliveries [7d]. */
    public static final String DEDUPE_RETENTION = "liveboard.processors.dedupe-retention";
    /** Kafka Streams commit interval: under exactly-once, outputs become visible at commit [100ms]. */
    public static final String COMMIT_INTERVAL = "liveboard.processors.commit-interval";
    /** How long closing waits for Kafka Streams to commit and leave its group [30s; 5s in the dev profile]. */
    public static final String CLOSE_TIMEOUT = "liveboard.processors.close-timeout";
    /** HTTP port of health and metrics; Spring's own property [8081 for the processors]. */
    public static final String SERVER_PORT = "server.port";
    public static final int DEFAULT_SERVER_PORT = 8081;

    private ProcessorPropertyNames() {
    }
}
