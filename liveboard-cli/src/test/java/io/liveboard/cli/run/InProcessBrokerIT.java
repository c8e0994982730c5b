package io.liveboard.cli.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import io.liveboard.catalog.Topic;
import io.liveboard.catalog.TopicCatalog;
import io.liveboard.testing.FreePorts;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The in-process broker of {@code liveboard run}: starts, serves, keeps data across restarts, leaves no threads. */
class InProcessBrokerIT {

    @Test
    void servesKeepsItsDataAcrossARestartAndStopsCleanly(@TempDir Path data) throws Exception {
        Set<Thread> before = Thread.getAllStackTraces().keySet();
        int port = FreePorts.one();
        int controllerPort = FreePorts.one();
        TopicCatalog catalog = TopicCatalog.unprefixed();
        String topic = catalog.name(Topic.LEARNING_EVENTS);

        try (InProcessBroker broker = InProcessBroker.start(data, port, controllerPort)) {
            try (Admin admin = Admin.create(props(broker.bootstrap()))) {
                admin.createTopics(catalog.newTopics()).all().get(30, TimeUnit.SECONDS);
            }
            Properties producerProps = props(broker.bootstrap());
            producerProps.put("acks", "all");
            try (KafkaProducer<String, String> producer =
                         new KafkaProducer<>(producerProps, new StringSerializer(), new StringSerializer())) {
                producer.send(new ProducerRecord<>(topic, 0, "42", "kept")).get(30, TimeUnit.SECONDS);
            }
        }

        try (InProcessBroker broker = InProcessBroker.start(data, port, controllerPort)) {
            try (KafkaConsumer<String, String> consumer =
                         new KafkaConsumer<>(props(broker.bootstrap()), new StringDeserializer(), new StringDeserializer())) {
                TopicPartition p0 = new TopicPartition(topic, 0);
                consumer.assign(List.of(p0));
                consumer.seekToBeginning(List.of(p0));
                ConsumerRecords<String, String> records = ConsumerRecords.empty();
                for (int i = 0; i < 50 && records.isEmpty(); i++) {
                    records = consumer.poll(Duration.ofMillis(200));
                }
                assertThat(records.records(p0)).extracting(r -> r.value()).containsExactly("kept");
            }
        }

        Thread.sleep(500);
        Set<String> left = Thread.getAllStackTraces().keySet().stream()
                .filter(t -> !before.contains(t) && t.isAlive() && !t.isDaemon())
                .map(Thread::getName).collect(Collectors.toSet());
        assertThat(left).as("non-daemon threads left behind").isEmpty();
    }

    private static Properties props(String bootstrap) {
        Properties props = new Properties();
        props.put("bootstrap.servers", bootstrap);
        return props;
    }
}
