package io.liveboard.processors;

import java.util.Map;
import java.util.Properties;

import io.liveboard.processors.deadletter.DeadLetterListener;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.streams.Topology;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.client.ReactorResourceFactory;

/** The app's beans: topology, its runner, health, metrics. */
@Configuration(proxyBeanMethods = false)
class ProcessorsConfiguration {

    static final String DEAD_LETTERS_METRIC = "liveboard.processors.dead.letters";

    @Bean
    DeadLetterListener deadLetterCounter(MeterRegistry registry) {
        return (reason, stage) -> Counter.builder(DEAD_LETTERS_METRIC)
                .description("input records sent to the dead-letters topic")
                .tag("reason", reason).tag("stage", stage)
                .register(registry).increment();
    }

    @Bean
    Topology processorsTopology(TopicsProperties topics, ProcessorsProperties processors, DeadLetterListener deadLetters) {
        return ProcessorsTopology.build(new TopologySettings(topics.catalog(), processors.topN(),
                processors.dedupeRetention(), deadLetters, processors.commitInterval(), true));
    }

    @Bean
    StreamsRunner streamsRunner(Topology topology, KafkaProperties kafka, TopicsProperties topics,
                                ProcessorsProperties processors, MeterRegistry registry) {
        String bootstrap = String.join(",", kafka.getBootstrapServers());
        Properties config = StreamsSettings.build(kafka.buildStreamsProperties(), bootstrap, topics, processors);
        Map<String, Object> admin = kafka.buildAdminProperties();
        admin.put("bootstrap.servers", bootstrap);
        return new StreamsRunner(topology, config, processors.closeTimeout(), registry, () -> {
            if (topics.create()) {
                TopicCreator.createMissing(admin, topics.catalog());
            }
        });
    }

    @Bean
    StreamsHealthIndicator kafkaStreamsHealthIndicator(StreamsRunner runner) {
        return new StreamsHealthIndicator(runner);
    }

    /**
     * Reactor Netty's global event loops are shared by every app in the JVM and disposed when any
     * context using them closes; the launcher runs this app beside the fan-out, so this one uses its own.
     */
    @Bean
    ReactorResourceFactory reactorResourceFactory() {
        ReactorResourceFactory factory = new ReactorResourceFactory();
        factory.setUseGlobalResources(false);
        return factory;
    }
}
