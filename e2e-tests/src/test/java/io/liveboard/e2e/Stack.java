package io.liveboard.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.liveboard.catalog.ProcessorPropertyNames;
import io.liveboard.catalog.PropertyNames;
import io.liveboard.catalog.Topic;
import io.liveboard.catalog.TopicCatalog;
import io.liveboard.events.ActivityItem;
import io.liveboard.events.LearningEvent;
import io.liveboard.fanout.auth.TokenService;
import io.liveboard.processors.ProcessorsApplication;
import io.liveboard.schema.AvroCodec;
import io.liveboard.schema.AvroTrust;
import io.liveboard.testing.EmbeddedKafka;
import io.liveboard.testing.FreePorts;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The whole platform for the browser tests, started once per test class: the shared embedded broker, topics under
 * a prefix of this class's own, the stream processors (in this JVM) and one fan-out node serving the dashboard (a
 * child JVM, so it can be killed). Tests produce learning events as the apps would and look at the dashboard.
 */
final class Stack implements AutoCloseable {

    final EmbeddedKafka kafka = EmbeddedKafka.shared();
    final TopicCatalog catalog;
    final FanoutProcess fanout;
    /** Signs tokens the way the fan-out's development profile checks them. */
    final TokenService tokens = new TokenService(TokenService.DEV_SECRET);
    private final ConfigurableApplicationContext processors;
    private final KafkaProducer<String, byte[]> producer;

    private Stack(String name) {
        AvroTrust.install();
        long t0 = System.nanoTime();
        catalog = kafka.createTopics(name);
        // The node's JVM boots while the processors start here.
        fanout = new FanoutProcess(kafka.bootstrapServers(), catalog.prefix(), FreePorts.one(), Path.of("target"))
                .launch();
        try {
            processors = startProcessors();
        } catch (RuntimeException e) {
            fanout.close();
            throw e;
        }
        producer = kafka.producer();
        fanout.awaitReady();
        System.out.printf("e2e stack up in %d ms: prefix %s, dashboard %s%n", (System.nanoTime() - t0) / 1_000_000,
                catalog.prefix(), fanout.url("/"));
    }

    private ConfigurableApplicationContext startProcessors() {
        try {
            return new SpringApplicationBuilder(ProcessorsApplication.class)
                    .properties(PropertyNames.BOOTSTRAP_SERVERS + "=" + kafka.bootstrapServers(),
                            PropertyNames.TOPICS_PREFIX + "=" + catalog.prefix(),
                            ProcessorPropertyNames.STATE_DIR + "=" + Files.createTempDirectory("lb-e2e-streams"),
                            ProcessorPropertyNames.SERVER_PORT + "=0",
                            ProcessorPropertyNames.CLOSE_TIMEOUT + "=5s",
                            "spring.main.banner-mode=off")
                    .run();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Stack start(String name) {
        return new Stack(name);
    }

    String dashboardUrl() {
        return fanout.url("/");
    }

    /** The dashboard signed in with {@code ?token=} (the page removes it from the address bar). */
    String dashboardUrl(long userId, String username) {
        return fanout.url("/?token=" + tokens.issue(userId, username, Duration.ofHours(1)));
    }

    /** Sends learning events keyed by user id, as the apps do, and waits until Kafka has them. */
    void produce(List<LearningEvent> events) {
        List<Future<?>> acks = new ArrayList<>();
        for (LearningEvent event : events) {
            acks.add(producer.send(new ProducerRecord<>(catalog.name(Topic.LEARNING_EVENTS),
                    Long.toString(event.getUserId()), AvroCodec.shared().encode(event))));
        }
        for (Future<?> ack : acks) {
            try {
                ack.get(30, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new IllegalStateException("cannot produce learning events", e);
            }
        }
    }

    void produce(LearningEvent... events) {
        produce(List.of(events));
    }

    /** Every activity item the processors have written so far (committed). */
    List<ActivityItem> activity() {
        List<ActivityItem> items = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> r : kafka.readAll(catalog, Topic.ACTIVITY, 0, Duration.ofSeconds(5))) {
            items.add(AvroCodec.shared().decode(r.value(), ActivityItem.class));
        }
        return items;
    }

    @Override
    public void close() {
        fanout.close();
        producer.close(Duration.ofSeconds(5));
        processors.close();
    }
}
