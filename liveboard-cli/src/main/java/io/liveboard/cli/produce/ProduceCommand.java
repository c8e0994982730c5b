package io.liveboard.cli.produce;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.liveboard.catalog.Topic;
import io.liveboard.cli.CliException;
import io.liveboard.cli.KafkaOptions;
import io.liveboard.events.LearningEvent;
import io.liveboard.schema.AvroCodec;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code liveboard produce}: JSON lines in, Avro learning events to Kafka, keyed by user id. */
@Command(name = "produce", mixinStandardHelpOptions = true,
        description = {"Produce learning events from JSON lines (FILE, or standard input) to learning-events.",
                "Every line is validated first; a bad line is reported with its number and reason, and nothing",
                "is produced unless --skip-invalid is given. One object per line, for example:",
                "  {\"type\":\"session.ended\",\"user_id\":42,\"username\":\"ada\",\"app\":\"typing\","
                        + "\"occurred_at\":\"2026-11-26T10:05:00Z\",",
                "   \"session_id\":\"s-1\",\"wpm\":91.0,\"accuracy\":98.0,\"duration_ms\":300000,\"completed\":true,"
                        + "\"points\":40}",
                "Types: session.started (session_id, mode, match_id?), score.updated (session_id, elapsed_ms,",
                "wpm?, accuracy?, score?, comprehension?, progress?), session.ended (session_id, duration_ms,",
                "completed, points?, wpm?, accuracy?, comprehension?, score?). Common: user_id, username, app",
                "(typing|math|reading|piano), occurred_at (ISO-8601), timezone? (IANA), event_id? (UUID; derived",
                "from the content when absent, so producing the same line twice counts once)."})
public final class ProduceCommand implements Callable<Integer> {

    private static final int MAX_REPORTED = 20;

    @Mixin
    KafkaOptions kafka;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "FILE",
            description = "JSON lines file; '-' or absent reads standard input.")
    String file;

    @Option(names = "--skip-invalid", description = "Produce the valid lines even when some are invalid.")
    boolean skipInvalid;

    @Option(names = "--validate-only", description = "Check the lines and report; send nothing.")
    boolean validateOnly;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        EventLines lines = readLines();
        List<EventLines.Rejected> rejected = lines.rejected();
        for (int i = 0; i < Math.min(MAX_REPORTED, rejected.size()); i++) {
            err.printf("line %d: %s%n", rejected.get(i).lineNumber(), rejected.get(i).reason());
        }
        if (rejected.size() > MAX_REPORTED) {
            err.printf("... and %d more invalid lines%n", rejected.size() - MAX_REPORTED);
        }
        err.flush();
        int valid = lines.valid().size();
        if (validateOnly) {
            out.printf("%d valid events, %d invalid lines.%n", valid, rejected.size());
            return rejected.isEmpty() ? 0 : CliException.FAILED;
        }
        if (!rejected.isEmpty() && !skipInvalid) {
            throw new CliException("nothing produced: " + rejected.size() + " invalid line"
                    + (rejected.size() == 1 ? "" : "s") + " (fix them, or use --skip-invalid to produce the "
                    + valid + " valid ones)");
        }
        String topic = kafka.catalog().name(Topic.LEARNING_EVENTS);
        requireTopic(topic);
        int sent = send(topic, lines.valid());
        out.printf("Produced %d events to %s at %s%s.%n", sent, topic, kafka.bootstrap(),
                rejected.isEmpty() ? "" : " (" + rejected.size() + " invalid lines skipped)");
        return 0;
    }

    private EventLines readLines() {
        try {
            if (file == null || file.equals("-")) {
                return EventLines.read(new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)));
            }
            try (BufferedReader reader = Files.newBufferedReader(Path.of(file), StandardCharsets.UTF_8)) {
                return EventLines.read(reader);
            }
        } catch (NoSuchFileException e) {
            throw new CliException("no such file: " + file);
        } catch (java.nio.charset.MalformedInputException e) {
            throw new CliException(file + " is not UTF-8 text");
        } catch (IOException e) {
            throw new CliException("cannot read " + file + ": " + e.getMessage());
        }
    }

    private void requireTopic(String topic) {
        try (Admin admin = kafka.connectedAdmin()) {
            admin.describeTopics(List.of(topic)).allTopicNames().get(kafka.timeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                throw new CliException("topic " + topic + " does not exist at " + kafka.bootstrap()
                        + " (run './liveboard topics' first)");
            }
            throw new CliException("cannot describe " + topic + ": " + e.getCause().getMessage());
        } catch (TimeoutException e) {
            throw kafka.unreachable();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException("interrupted");
        }
    }

    private int send(String topic, List<LearningEvent> events) {
        Properties props = kafka.clientProperties();
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        props.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, Long.toString(kafka.timeout().toMillis()));
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG,
                Long.toString(Math.max(kafka.timeout().toMillis(), 15_000)));
        AvroCodec codec = AvroCodec.shared();
        try (KafkaProducer<String, byte[]> producer =
                     new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer())) {
            List<Future<RecordMetadata>> acks = new ArrayList<>(events.size());
            for (LearningEvent event : events) {
                // The record timestamp stays the produce time: back-dated events must not fall out of retention.
                // Event time travels in occurred_at.
                acks.add(producer.send(new ProducerRecord<>(topic, Long.toString(event.getUserId()),
                        codec.encode(event))));
            }
            producer.flush();
            int sent = 0;
            for (Future<RecordMetadata> ack : acks) {
                ack.get();
                sent++;
            }
            return sent;
        } catch (ExecutionException e) {
            throw new CliException("Kafka refused an event: " + e.getCause().getMessage()
                    + " (events before it were produced)");
        } catch (org.apache.kafka.common.errors.TimeoutException e) {
            throw kafka.unreachable();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException("interrupted");
        }
    }
}
