package io.liveboard.cli.topics;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.liveboard.catalog.Topic;
import io.liveboard.catalog.TopicCatalog;
import io.liveboard.cli.CliException;
import io.liveboard.cli.DurationConverter;
import io.liveboard.cli.KafkaOptions;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.errors.TopicExistsException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code liveboard topics}: creates every topic of the catalog that does not exist yet. */
@Command(name = "topics", mixinStandardHelpOptions = true,
        description = {"Create every liveboard topic that does not exist yet (running it again is harmless).",
                "Existing topics are left as they are; differences from the requested settings are reported."})
public final class TopicsCommand implements java.util.concurrent.Callable<Integer> {

    @Mixin
    KafkaOptions kafka;

    @Spec
    CommandSpec spec;

    @Option(names = "--partitions", paramLabel = "N",
            description = "Partitions of every topic (default: per topic, see the catalog).")
    Integer partitions;

    @Option(names = "--replication-factor", paramLabel = "N", defaultValue = "1",
            description = "Replication factor (default: ${DEFAULT-VALUE}; use 3 on a real cluster).")
    short replicationFactor;

    @Option(names = "--events-retention", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Retention of learning-events (default: 90d; 0s keeps them forever, for replay).")
    Duration eventsRetention;

    @Override
    public Integer call() {
        TopicCatalog catalog = catalog();
        PrintWriter out = spec.commandLine().getOut();
        try (Admin admin = kafka.connectedAdmin()) {
            Set<String> existing = admin.listTopics().names().get(kafka.timeout().toMillis(), TimeUnit.MILLISECONDS);
            int created = 0;
            for (Topic topic : Topic.values()) {
                NewTopic wanted = catalog.newTopic(topic);
                if (existing.contains(wanted.name())) {
                    out.printf("  exists   %-40s %s%n", wanted.name(), differences(admin, wanted));
                    continue;
                }
                try {
                    admin.createTopics(List.of(wanted)).all().get(kafka.timeout().toMillis(), TimeUnit.MILLISECONDS);
                    created++;
                    out.printf("  created  %-40s %d partitions, %s%n", wanted.name(), wanted.numPartitions(),
                            topic.cleanupPolicy() == Topic.CleanupPolicy.COMPACT ? "compacted"
                                    : retention(catalog.retentionMs(topic)));
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof TopicExistsException) {
                        out.printf("  exists   %-40s (created concurrently)%n", wanted.name());
                    } else {
                        throw new CliException("cannot create " + wanted.name() + ": " + e.getCause().getMessage());
                    }
                }
            }
            out.printf("%d topics created, %d already existed at %s.%n", created, Topic.values().length - created,
                    kafka.bootstrap());
            return 0;
        } catch (TimeoutException e) {
            throw kafka.unreachable();
        } catch (ExecutionException e) {
            throw new CliException("cannot list topics: " + e.getCause().getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException("interrupted");
        }
    }

    private TopicCatalog catalog() {
        if (replicationFactor < 1) {
            throw new CliException("--replication-factor must be at least 1", CliException.USAGE);
        }
        try {
            TopicCatalog catalog = new TopicCatalog(kafka.catalog().prefix(), replicationFactor);
            if (partitions != null) {
                for (Topic topic : Topic.values()) {
                    catalog.withPartitions(topic, partitions);
                }
            }
            if (eventsRetention != null) {
                catalog.withRetention(Topic.LEARNING_EVENTS, eventsRetention);
            }
            return catalog;
        } catch (IllegalArgumentException e) {
            throw new CliException(e.getMessage(), CliException.USAGE);
        }
    }

    private String differences(Admin admin, NewTopic wanted) {
        try {
            Map<String, TopicDescription> described = admin.describeTopics(List.of(wanted.name())).allTopicNames()
                    .get(kafka.timeout().toMillis(), TimeUnit.MILLISECONDS);
            int actual = described.get(wanted.name()).partitions().size();
            return actual == wanted.numPartitions() ? actual + " partitions"
                    : actual + " partitions (catalog asks for " + wanted.numPartitions() + "; left unchanged)";
        } catch (Exception e) {
            return "";
        }
    }

    private static String retention(long ms) {
        return ms < 0 ? "kept forever" : "retention " + Duration.ofMillis(ms).toDays() + "d";
    }
}
