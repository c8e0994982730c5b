package io.liveboard.simulator;

import java.time.Duration;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * What to simulate and where to send it. Start from {@link #defaults()} and change what you need:
 * <pre>{@code
 * SimulatorConfig config = SimulatorConfig.defaults().withBootstrap("127.0.0.1:9092").withPrefix("dev.");
 * }</pre>
 *
 * @param users       learners, 1 to 1,000,000; the same seed and size give the same people
 * @param rate        live events per second, at least {@link #MIN_RATE}; 0 means as fast as possible (benchmarks)
 * @param seed        decides the people, their history and the live traffic
 * @param historyDays back-dated days of practice produced before live traffic (0: none); to Kafka only
 *                    when learning-events holds no records yet
 * @param duration    how long live traffic runs, or null for until {@link Simulator#close()}
 * @param maxEvents   stop after this many live events (0: no limit)
 * @param bootstrap   Kafka bootstrap servers (HOST:PORT[,HOST:PORT...])
 * @param prefix      topic name prefix ("" for none)
 * @param timeout     how long to wait for Kafka before giving up
 * @param kafkaProperties extra producer/admin settings (e.g. security), applied last
 * @param firstUserId id of the first learner; the others follow
 */
public record SimulatorConfig(int users, double rate, long seed, int historyDays, Duration duration, long maxEvents,
                              String bootstrap, String prefix, Duration timeout, Map<String, String> kafkaProperties,
                              long firstUserId) {

    public static final int MAX_USERS = 1_000_000;
    /** One event every 100 s at least, so a session's events stay minutes apart, not days. */
    public static final double MIN_RATE = 0.01;
    public static final int MAX_HISTORY_DAYS = 3_650;
    /** Back-dated days of the one-command mode: long enough for streaks over 100 days. */
    public static final int DEFAULT_HISTORY_DAYS = 110;
    private static final Pattern PREFIX = Pattern.compile("[A-Za-z0-9._-]{0,100}");

    public SimulatorConfig {
        require(users >= 1 && users <= MAX_USERS, "users must be between 1 and " + MAX_USERS + " (got " + users + ")");
        require(Double.isFinite(rate) && (rate == 0 || rate >= MIN_RATE), "rate must be 0 (as fast as possible) or "
                + MIN_RATE + " events per second or more (got " + rate + ")");
        require(historyDays >= 0 && historyDays <= MAX_HISTORY_DAYS,
                "history days must be between 0 and " + MAX_HISTORY_DAYS + " (got " + historyDays + ")");
        require(duration == null || (!duration.isNegative() && !duration.isZero()),
                "duration must be positive (got " + duration + ")");
        require(maxEvents >= 0, "max events must be 0 (no limit) or more (got " + maxEvents + ")");
        require(bootstrap != null && !bootstrap.isBlank(), "bootstrap servers are required");
        prefix = prefix == null ? "" : prefix;
        require(PREFIX.matcher(prefix).matches(), "topic prefix may hold only letters, digits, '.', '_' and '-': " + prefix);
        require(timeout != null && !timeout.isNegative() && !timeout.isZero(), "timeout must be positive");
        kafkaProperties = kafkaProperties == null ? Map.of() : Map.copyOf(kafkaProperties);
        require(firstUserId >= 1 && firstUserId <= Long.MAX_VALUE - users, "first user id must be positive");
    }

    /** 200 learners, 20 events/s, seed 1, 110 days of history, until closed, Kafka at 127.0.0.1:9092. */
    public static SimulatorConfig defaults() {
        return new SimulatorConfig(200, 20, 1, DEFAULT_HISTORY_DAYS, null, 0, "127.0.0.1:9092", "",
                Duration.ofSeconds(15), Map.of(), 1);
    }

    public SimulatorConfig withUsers(int value) {
        return new SimulatorConfig(value, rate, seed, historyDays, duration, maxEvents, bootstrap, prefix, timeout,
                kafkaProperties, firstUserId);
    }

    public SimulatorConfig withRate(double value) {
        return new SimulatorConfig(users, value, seed, historyDays, duration, maxEvents, bootstrap, prefix, timeout,
                kafkaProperties, firstUserId);
    }

    public SimulatorConfig withSeed(long value) {
        return new SimulatorConfig(users, rate, value, historyDays, duration, maxEvents, bootstrap, prefix, timeout,
                kafkaProperties, firstUserId);
    }

    public SimulatorConfig withHistoryDays(int value) {
        return new SimulatorConfig(users, rate, seed, value, duration, maxEvents, bootstrap, prefix, timeout,
                kafkaProperties, firstUserId);
    }

    public SimulatorConfig withDuration(Duration value) {
        return new SimulatorConfig(users, rate, seed, historyDays, value, maxEvents, bootstrap, prefix, timeout,
                kafkaProperties, firstUserId);
    }

    public SimulatorConfig withMaxEvents(long value) {
        return new SimulatorConfig(users, rate, seed, historyDays, duration, value, bootstrap, prefix, timeout,
                kafkaProperties, firstUserId);
    }

    public SimulatorConfig withBootstrap(String value) {
        return new SimulatorConfig(users, rate, seed, historyDays, duration, maxEvents, value, prefix, timeout,
                kafkaProperties, firstUserId);
    }

    public SimulatorConfig withPrefix(String value) {
        return new SimulatorConfig(users, rate, seed, historyDays, duration, maxEvents, bootstrap, value, timeout,
                kafkaProperties, firstUserId);
    }

    public SimulatorConfig withTimeout(Duration value) {
        return new SimulatorConfig(users, rate, seed, historyDays, duration, maxEvents, bootstrap, prefix, value,
                kafkaProperties, firstUserId);
    }

    public SimulatorConfig withKafkaProperties(Map<String, String> value) {
        return new SimulatorConfig(users, rate, seed, historyDays, duration, maxEvents, bootstrap, prefix, timeout,
                value, firstUserId);
    }

    public SimulatorConfig withFirstUserId(long value) {
        return new SimulatorConfig(users, rate, seed, historyDays, duration, maxEvents, bootstrap, prefix, timeout,
                kafkaProperties, value);
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }
}
