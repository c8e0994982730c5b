package io.liveboard.fanout;

import java.util.Map;

import io.liveboard.catalog.TopicCatalog;
import io.liveboard.testing.EmbeddedKafka;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One fan-out node on topics of its own for a whole test class, with a writer of output records:
 * {@code @RegisterExtension static final NodeUnderTest fanout = new NodeUnderTest("fanout-basics");}
 */
final class NodeUnderTest implements BeforeAllCallback, AfterAllCallback {

    private final String topicsName;
    private final Map<String, Object> settings;
    TopicCatalog catalog;
    TestNode node;
    Outputs outputs;

    NodeUnderTest(String topicsName) {
        this(topicsName, Map.of());
    }

    /** @param settings the node's settings beyond TestNode's (limits, heartbeat...) */
    NodeUnderTest(String topicsName, Map<String, Object> settings) {
        this.topicsName = topicsName;
        this.settings = settings;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        catalog = EmbeddedKafka.shared().createTopics(topicsName);
        node = TestNode.start(catalog, settings);
        outputs = new Outputs(catalog);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        outputs.close();
        node.close();
    }
}
