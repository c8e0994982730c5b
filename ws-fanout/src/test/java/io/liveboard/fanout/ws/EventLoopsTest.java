package io.liveboard.fanout.ws;

import java.time.Duration;

import io.liveboard.fanout.ws.EventLoops.Transport;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.uring.IoUring;
import io.netty.channel.uring.IoUringIoHandler;
import org.junit.jupiter.api.Test;
import reactor.netty.resources.LoopResources;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class EventLoopsTest {

    @Test
    void autoTakesIoUringWhereTheKernelAllowsItElseEpoll() {
        LoopResources loops = EventLoops.create("test-auto", 2, Transport.AUTO);
        try {
            IoEventLoopGroup workers = (IoEventLoopGroup) loops.onServer(true);
            if (IoUring.isAvailable()) {
                assertThat(workers.isIoType(IoUringIoHandler.class)).isTrue();
            } else {
                assumeTrue(Epoll.isAvailable(), "neither io_uring nor epoll here");
                assertThat(workers.isIoType(EpollIoHandler.class)).isTrue();
            }
        } finally {
            loops.disposeLater(Duration.ZERO, Duration.ofSeconds(2)).block();
        }
    }

    @Test
    void aNamedTransportIsTakenAndItsLoopsAreDisposedWithIt() {
        LoopResources loops = EventLoops.create("test-nio", 3, Transport.NIO);
        EventLoopGroup workers = loops.onServer(true);
        EventLoopGroup select = loops.onServerSelect(true);
        assertThat(((IoEventLoopGroup) workers).isIoType(NioIoHandler.class)).isTrue();
        assertThat(workers).hasSize(3);
        assertThat(select).hasSize(1);
        assertThat(loops.onClient(true)).isSameAs(workers);
        assertThat(loops.isDisposed()).isFalse();
        loops.disposeLater(Duration.ZERO, Duration.ofSeconds(2)).block(Duration.ofSeconds(10));
        assertThat(loops.isDisposed()).isTrue();
        assertThat(workers.isTerminated()).isTrue();
    }
}
