package io.liveboard.fanout;

import java.util.Map;

import io.liveboard.catalog.TopicCatalog;
import io.liveboard.fanout.ws.EventLoops.Transport;
import io.liveboard.testing.EmbeddedKafka;
import io.liveboard.testing.ws.WsTestClient;
import io.netty.channel.IoEventLoopGroup;
import io.netty.channel.IoHandler;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.uring.IoUring;
import io.netty.channel.uring.IoUringIoHandler;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.http.client.ReactorResourceFactory;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A node serves the protocol on each transport an operator can name ({@code liveboard.fanout.transport}): the other
 * ITs run on whichever {@code auto} picks here (io_uring), while a container that forbids io_uring runs on epoll.
 */
class TransportIT {

    private static TopicCatalog catalog;
    private static Outputs outputs;

    @BeforeAll
    static void topics() {
        catalog = EmbeddedKafka.shared().createTopics("fanout-transport");
        outputs = new Outputs(catalog);
    }

    @AfterAll
    static void close() {
        outputs.close();
    }

    @ParameterizedTest
    @EnumSource(value = Transport.class, names = {"IO_URING", "EPOLL", "NIO"})
    void servesSubscribersOnTheNamedTransport(Transport transport) {
        assumeTrue(transport != Transport.IO_URING || IoUring.isAvailable(), "io_uring is not allowed here");
        assumeTrue(transport != Transport.EPOLL || Epoll.isAvailable(), "epoll is Linux-only");
        // A category per transport: each node starts on the same topics, and a leftover update must not count.
        String category = switch (transport) {
            case IO_URING -> "typing_wpm";
            case EPOLL -> "math_accuracy";
            default -> "piano_score";
        };
        try (TestNode node = TestNode.start(catalog, Map.of("liveboard.fanout.transport", transport.toString()));
             WsTestClient ws = node.connect()) {
            var loops = node.context.getBean(ReactorResourceFactory.class).getLoopResources().onServer(true);
            assertThat(((IoEventLoopGroup) loops).isIoType(handler(transport))).isTrue();
            ws.subscribe("leaderboard:" + category).awaitSubscribed("leaderboard:" + category);
            outputs.leaderboardUpdate(category, 1, 7, 1);
            JsonNode update = ws.awaitEvents("leaderboard:" + category, 1).get(0);
            assertThat(update.path("data").path("user_id").asLong()).isEqualTo(7);
        }
    }

    @Test
    void anUnknownTransportStopsTheNodeAtStart() {
        assertThatThrownBy(() -> TestNode.start(catalog, Map.of("liveboard.fanout.transport", "dpdk")))
                .hasStackTraceContaining("liveboard.fanout.transport");
    }

    private static Class<? extends IoHandler> handler(Transport transport) {
        return switch (transport) {
            case IO_URING -> IoUringIoHandler.class;
            case EPOLL -> EpollIoHandler.class;
            default -> NioIoHandler.class;
        };
    }
}
