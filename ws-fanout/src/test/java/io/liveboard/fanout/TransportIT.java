package io.liveboard.fanout;

import java.util.Map;

import io.liveboard.fanout.ws.EventLoops;
import io.liveboard.fanout.ws.EventLoops.Transport;
import io.liveboard.testing.ws.WsTestClient;
import io.netty.channel.IoEventLoopGroup;
import io.netty.channel.IoHandler;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.uring.IoUringIoHandler;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
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

    @RegisterExtension
    static final TopicsUnderTest topics = new TopicsUnderTest("fanout-transport");

    @ParameterizedTest
    @EnumSource(value = Transport.class, names = {"IO_URING", "EPOLL", "NIO"})
    void servesSubscribersOnTheNamedTransport(Transport transport) {
        assumeTrue(EventLoops.isAvailable(transport), transport + " is not available here");
        // A category per transport: each node starts on the same topics, and a leftover update must not count.
        String category = switch (transport) {
            case IO_URING -> "typing_wpm";
            case EPOLL -> "math_accuracy";
            default -> "piano_score";
        };
        try (TestNode node = TestNode.start(topics.catalog,
                Map.of("liveboard.fanout.transport", transport.toString()));
             WsTestClient ws = node.connect()) {
            var loops = node.context.getBean(ReactorResourceFactory.class).getLoopResources().onServer(true);
            assertThat(((IoEventLoopGroup) loops).isIoType(handler(transport))).isTrue();
            ws.subscribe("leaderboard:" + category).awaitSubscribed("leaderboard:" + category);
            topics.outputs.leaderboardUpdate(category, 1, 7, 1);
            JsonNode update = ws.awaitEvents("leaderboard:" + category, 1).get(0);
            assertThat(update.path("data").path("user_id").asLong()).isEqualTo(7);
        }
    }

    @Test
    void anUnknownTransportStopsTheNodeAtStart() {
        assertThatThrownBy(() -> TestNode.start(topics.catalog, Map.of("liveboard.fanout.transport", "dpdk")))
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
