package io.liveboard.catalog;

/** Configuration property and environment variable names shared by the apps and the CLI. */
public final class PropertyNames {

    /** Prefix put before every topic name, e.g. {@code prod.}; empty by default. */
    public static final String TOPICS_PREFIX = "liveboard.topics.prefix";
    /** Replication factor of topics the apps create. */
    public static final String TOPICS_REPLICATION = "liveboard.topics.replication-factor";
    /** Kafka bootstrap servers as the apps read them (Spring's own property). */
    public static final String BOOTSTRAP_SERVERS = "spring.kafka.bootstrap-servers";
    /** Environment variable naming the Kafka bootstrap servers for every command and app. */
    public static final String BOOTSTRAP_SERVERS_ENV = "KAFKA_BOOTSTRAP_SERVERS";
    /** Environment variable with the topic prefix. */
    public static final String TOPICS_PREFIX_ENV = "LIVEBOARD_TOPICS_PREFIX";
    /** HMAC secret JWTs are signed with. */
    public static final String AUTH_TOKEN_SECRET = "liveboard.auth.token-secret";
    /** Environment variable with the JWT secret. */
    public static final String AUTH_TOKEN_SECRET_ENV = "LIVEBOARD_TOKEN_SECRET";
    /** The default bootstrap address of a local broker. */
    public static final String DEFAULT_BOOTSTRAP = "127.0.0.1:9092";

    private PropertyNames() {
    }
}
