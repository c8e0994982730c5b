package io.liveboard.processors;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.liveboard.catalog.TopicCatalog;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the catalog topics that do not exist yet (input and outputs; Streams creates its own
 * internal topics). Existing topics are left as they are: partitions and settings are the operator's.
 */
final class TopicCreator {

    private static final Logger log = LoggerFactory.getLogger(TopicCreator.class);

    private TopicCreator() {
    }

    static List<String> createMissing(Map<String, Object> adminConfig, TopicCatalog catalog) {
        try (Admin admin = Admin.create(adminConfig)) {
            Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            List<NewTopic> missing = new ArrayList<>();
            for (NewTopic topic : catalog.newTopics()) {
                if (!existing.contains(topic.name())) {
                    missing.add(topic);
                }
            }
            List<String> created = new ArrayList<>();
            for (NewTopic topic : missing) {
                try {
                    admin.createTopics(List.of(topic)).all().get(30, TimeUnit.SECONDS);
                    created.add(topic.name());
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new IllegalStateException("cannot create topic " + topic.name() + ": "
                                + e.getCause().getMessage(), e.getCause());
                    }
                }
            }
            if (!created.isEmpty()) {
                log.info("created topics {}", created);
            }
            return created;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topics", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot list topics at " + adminConfig.get("bootstrap.servers")
                    + ": " + e.getMessage(), e);
        }
    }
}
