package io.liveboard.processors;

import org.apache.kafka.streams.KafkaStreams;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/** UP while Kafka Streams runs or rebalances; DOWN when it failed or stopped. */
final class StreamsHealthIndicator implements HealthIndicator {

    private final StreamsRunner runner;

    StreamsHealthIndicator(StreamsRunner runner) {
        this.runner = runner;
    }

    @Override
    public Health health() {
        KafkaStreams streams = runner.streams();
        if (streams == null) {
            return Health.down().withDetail("state", "NOT_STARTED").build();
        }
        KafkaStreams.State state = streams.state();
        Health.Builder builder = switch (state) {
            case RUNNING, REBALANCING, CREATED -> Health.up();
            default -> Health.down();
        };
        return builder.withDetail("state", state.name())
                .withDetail("threads", streams.metadataForLocalThreads().size()).build();
    }
}
