package io.liveboard.fanout;

import java.util.Map;

import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One fan-out node on topics of its own for a whole test class, with a writer of output records:
 * {@code @RegisterExtension static final NodeUnderTest fanout = new NodeUnderTest("fanout-basics");}
 */
final class NodeUnderTest extends TopicsUnderTest {

    private final Map<String, Object> settings;
    TestNode node;

    NodeUnderTest(String topicsName) {
        this(topicsName, Map.of());
    }

    /** @param settings the node's settings beyond TestNode's (limits, heartbeat...) */
    NodeUnderTest(String topicsName, Map<String, Object> settings) {
        super(topicsName);
        this.settings = settings;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        super.beforeAll(context);
        node = TestNode.start(catalog, settings);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        super.afterAll(context);
        node.close();
    }
}
