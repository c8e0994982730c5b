package io.liveboard.processors;

import io.liveboard.catalog.TopicCatalog;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code liveboard.topics.*}: the topic prefix (also part of the application id), whether to create
 * missing catalog topics at startup, and their replication factor (also used for internal topics).
 */
@ConfigurationProperties("liveboard.topics")
public record TopicsProperties(
        @DefaultValue("") String prefix,
        @DefaultValue("true") boolean create,
        @DefaultValue("1") short replicationFactor) {

    public TopicCatalog catalog() {
        return new TopicCatalog(prefix, replicationFactor);
    }
}
