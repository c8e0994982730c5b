package io.liveboard.fanout;

import io.liveboard.catalog.TopicCatalog;
import io.liveboard.testing.EmbeddedKafka;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Topics of a test class's own, with a writer of output records, for classes that start their nodes themselves:
 * {@code @RegisterExtension static final TopicsUnderTest topics = new TopicsUnderTest("fanout-slow");}
 */
class TopicsUnderTest implements BeforeAllCallback, AfterAllCallback {

    private final String topicsName;
    TopicCatalog catalog;
    Outputs outputs;

    TopicsUnderTest(String topicsName) {
        this.topicsName = topicsName;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        catalog = EmbeddedKafka.shared().createTopics(topicsName);
        outputs = new Outputs(catalog);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        outputs.close();
    }
}
