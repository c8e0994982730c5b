package io.liveboard.processors;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import java.util.Properties;

import org.junit.jupiter.api.Test;

class StreamsSettingsTest {

    private static final TopicsProperties TOPICS = new TopicsProperties("t.", false, (short) 1);
    private static final ProcessorsProperties PROCESSORS = new ProcessorsProperties("/tmp/state", 100, 0, 1,
            Duration.ofDays(7), Duration.ofMillis(20), Duration.ofMillis(5), Duration.ofSeconds(30));

    @Test
    void theProducerResendsARefusedBatchQuicklyWithOneRequestInFlight() {
        Properties p = StreamsSettings.build(Map.of(), "127.0.0.1:9092", TOPICS, PROCESSORS);

        assertThat(p.get("producer.retry.backoff.ms")).isEqualTo(20);
        assertThat(p.get("producer.max.in.flight.requests.per.connection")).isEqualTo(1);
        assertThat(p.get("producer.linger.ms")).isEqualTo(5);
        assertThat(p.get("commit.interval.ms")).isEqualTo(20L);
    }

    @Test
    void operatorsMayTuneTheRetrySettingsButNotTheGuarantee() {
        Properties p = StreamsSettings.build(Map.of(
                        "producer.retry.backoff.ms", 50,
                        "producer.max.in.flight.requests.per.connection", 5,
                        "processing.guarantee", "at_least_once",
                        "statestore.cache.max.bytes", 10_000_000),
                "127.0.0.1:9092", TOPICS, PROCESSORS);

        assertThat(p.get("producer.retry.backoff.ms")).isEqualTo(50);
        assertThat(p.get("producer.max.in.flight.requests.per.connection")).isEqualTo(5);
        assertThat(p.get("processing.guarantee")).isEqualTo("exactly_once_v2");
        assertThat(p.get("statestore.cache.max.bytes")).isEqualTo(0);
        assertThat(p.get("application.id")).isEqualTo("t.liveboard-processors");
    }
}
