package io.liveboard.processors;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Properties;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Runs the topology for the Spring context: starts after the context is ready, closes on shutdown
 * leaving the consumer group at once so the remaining instances take over the tasks without waiting
 * for a session timeout. A stream thread that dies is replaced a few times; after
 * {@value #MAX_REPLACEMENTS} deaths within {@link #REPLACEMENT_WINDOW} the client shuts down and health
 * reports DOWN (something is persistently wrong, such as a missing topic or lost authorization).
 */
final class StreamsRunner implements SmartLifecycle {

    static final int MAX_REPLACEMENTS = 3;
    static final Duration REPLACEMENT_WINDOW = Duration.ofMinutes(10);
    private static final Logger log = LoggerFactory.getLogger(StreamsRunner.class);

    private final Topology topology;
    private final Properties config;
    private final Duration closeTimeout;
    private final MeterRegistry registry;
    private final Runnable beforeStart;
    private KafkaStreamsMetrics metrics;
    private final Deque<Long> deaths = new ArrayDeque<>();
    private volatile KafkaStreams streams;

    StreamsRunner(Topology topology, Properties config, Duration closeTimeout, MeterRegistry registry,
                  Runnable beforeStart) {
        this.topology = topology;
        this.config = config;
        this.closeTimeout = closeTimeout;
        this.registry = registry;
        this.beforeStart = beforeStart;
    }

    @Override
    public synchronized void start() {
        if (streams != null) {
            return;
        }
        beforeStart.run();
        KafkaStreams s = new KafkaStreams(topology, config);
        s.setUncaughtExceptionHandler(this::onThreadDeath);
        s.setStateListener((next, previous) -> log.info("streams {} -> {}", previous, next));
        metrics = new KafkaStreamsMetrics(s);
        metrics.bindTo(registry);
        streams = s;
        s.start();
    }

    private StreamThreadExceptionResponse onThreadDeath(Throwable error) {
        synchronized (deaths) {
            long now = System.nanoTime();
            deaths.addLast(now);
            while (!deaths.isEmpty() && now - deaths.peekFirst() > REPLACEMENT_WINDOW.toNanos()) {
                deaths.removeFirst();
            }
            if (deaths.size() > MAX_REPLACEMENTS) {
                log.error("stream thread died {} times within {}; shutting down: {}", deaths.size(), REPLACEMENT_WINDOW,
                        error.toString(), error);
                return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
            }
        }
        log.error("stream thread died, replacing it: {}", error.toString(), error);
        return StreamThreadExceptionResponse.REPLACE_THREAD;
    }

    @Override
    public synchronized void stop() {
        KafkaStreams s = streams;
        if (s != null) {
            if (!s.close(new KafkaStreams.CloseOptions().timeout(closeTimeout).leaveGroup(true))) {
                log.warn("Kafka Streams did not finish closing within {}; its threads end on their own", closeTimeout);
            }
            metrics.close();
            streams = null;
        }
    }

    @Override
    public boolean isRunning() {
        return streams != null;
    }

    /** The running client, or null before start and after stop. */
    KafkaStreams streams() {
        return streams;
    }
}
