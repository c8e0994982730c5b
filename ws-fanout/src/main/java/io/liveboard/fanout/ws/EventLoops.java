package io.liveboard.fanout.ws;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.uring.IoUring;
import io.netty.channel.uring.IoUringIoHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.netty.resources.LoopResources;

/**
 * The node's Netty event loops on the transport {@code liveboard.fanout.transport} names. {@code auto} takes
 * io_uring where the kernel allows it, else epoll, else NIO (Reactor Netty's own order): a broadcast is one socket
 * write per subscriber, and io_uring submits a loop's writes in batches instead of one system call each, which cut
 * the node's CPU per delivered message from ~13.5 to ~10 µs here (BENCHMARKS.md). Containers often forbid io_uring
 * (Docker's default seccomp profile does); {@code auto} then runs on epoll, and naming a transport the machine
 * lacks stops the node at start instead of running it on another one silently.
 */
public final class EventLoops implements LoopResources {

    private static final Logger log = LoggerFactory.getLogger(EventLoops.class);

    /** The values of {@code liveboard.fanout.transport}. */
    public enum Transport {
        AUTO("auto"), IO_URING("io_uring"), EPOLL("epoll"), NIO("nio");

        private final String label;

        Transport(String label) {
            this.label = label;
        }

        @Override
        public String toString() {
            return label;
        }
    }

    private final EventLoopGroup select;
    private final EventLoopGroup workers;

    private EventLoops(String prefix, int threads, Transport transport) {
        IoHandlerFactory handlers = switch (transport) {
            case IO_URING -> IoUringIoHandler.newFactory();
            case EPOLL -> EpollIoHandler.newFactory();
            default -> NioIoHandler.newFactory();
        };
        this.select = new MultiThreadIoEventLoopGroup(1,
                new DefaultThreadFactory(prefix + "-select-" + transport, true), handlers);
        this.workers = new MultiThreadIoEventLoopGroup(threads,
                new DefaultThreadFactory(prefix + "-" + transport, true), handlers);
    }

    /**
     * @param prefix  names the threads
     * @param threads event loops serving connections (one more accepts them)
     * @throws IllegalStateException when {@code transport} names one this machine does not offer
     */
    public static LoopResources create(String prefix, int threads, Transport transport) {
        Transport chosen = transport == Transport.AUTO ? best() : check(transport);
        log.info("WebSocket transport: {} ({} event loops; liveboard.fanout.transport={})", chosen, threads,
                transport);
        return new EventLoops(prefix, threads, chosen);
    }

    private static Transport best() {
        return isAvailable(Transport.IO_URING) ? Transport.IO_URING
                : isAvailable(Transport.EPOLL) ? Transport.EPOLL : Transport.NIO;
    }

    /** Whether this machine offers the transport ({@code auto} and NIO always). */
    public static boolean isAvailable(Transport transport) {
        return switch (transport) {
            case IO_URING -> IoUring.isAvailable();
            case EPOLL -> Epoll.isAvailable();
            default -> true;
        };
    }

    private static Transport check(Transport transport) {
        if (!isAvailable(transport)) {
            Throwable missing = transport == Transport.IO_URING ? IoUring.unavailabilityCause()
                    : Epoll.unavailabilityCause();
            throw new IllegalStateException("liveboard.fanout.transport=" + transport + ", but " + transport
                    + " is not available on this machine (" + missing.getMessage() + "); use auto, which takes"
                    + " the best transport there is");
        }
        return transport;
    }

    @Override
    public EventLoopGroup onServer(boolean useNative) {
        return workers;
    }

    @Override
    public EventLoopGroup onServerSelect(boolean useNative) {
        return select;
    }

    @Override
    public EventLoopGroup onClient(boolean useNative) {
        return workers;
    }

    @Override
    public boolean daemon() {
        return true;
    }

    @Override
    public Mono<Void> disposeLater(Duration quietPeriod, Duration timeout) {
        return Mono.defer(() -> Mono.when(terminated(select, quietPeriod, timeout),
                terminated(workers, quietPeriod, timeout)));
    }

    private static Mono<Void> terminated(EventLoopGroup group, Duration quietPeriod, Duration timeout) {
        return Mono.create(sink -> group.shutdownGracefully(quietPeriod.toMillis(), timeout.toMillis(),
                TimeUnit.MILLISECONDS).addListener(done -> sink.success()));
    }

    @Override
    public boolean isDisposed() {
        return select.isTerminated() && workers.isTerminated();
    }
}
