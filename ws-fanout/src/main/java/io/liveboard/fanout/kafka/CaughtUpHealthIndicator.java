package io.liveboard.fanout.kafka;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * Readiness: a node is ready only once its live consumer caught up with Kafka (so its history and snapshots
 * are current). Part of the readiness group in application.yml.
 */
@Component("kafkaCaughtUp")
class CaughtUpHealthIndicator implements HealthIndicator {

    private final LiveConsumer consumer;

    CaughtUpHealthIndicator(LiveConsumer consumer) {
        this.consumer = consumer;
    }

    @Override
    public Health health() {
        Health.Builder builder = consumer.caughtUp() ? Health.up() : Health.outOfService();
        builder.withDetail("lag", consumer.lag());
        String problem = consumer.problem();
        if (problem != null) {
            builder.withDetail("problem", problem);
        }
        return builder.build();
    }
}
