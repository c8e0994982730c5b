package io.liveboard.fanout;

import java.io.InputStream;
import java.util.Map;

import io.liveboard.catalog.TopicCatalog;
import io.liveboard.testing.EmbeddedKafka;
import io.liveboard.testing.ws.WsTestClient;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** permessage-deflate when configured on: negotiated with clients that offer it, plain for those that do not. */
class DeflateIT {

    @Test
    void compressesForClientsThatOfferIt() throws Exception {
        TopicCatalog catalog = EmbeddedKafka.shared().createTopics("fanout-deflate");
        try (TestNode node = TestNode.start(catalog, Map.of("liveboard.fanout.permessage-deflate", true))) {
            try (RawSocket raw = RawSocket.upgrade(node.port, "Sec-WebSocket-Extensions: permessage-deflate\r\n")) {
                assertThat(raw.responseHead.toLowerCase()).contains("sec-websocket-extensions: permessage-deflate");
                InputStream in = raw.socket.getInputStream();
                int b0 = in.read();
                // FIN + RSV1 (compressed) + text: the welcome went through the deflate encoder.
                assertThat(b0).isEqualTo(0xC1);
            }
            try (WsTestClient plain = node.connect()) {
                plain.send("{\"type\":\"ping\"}");
                plain.awaitType("pong");
            }
        }
    }
}
