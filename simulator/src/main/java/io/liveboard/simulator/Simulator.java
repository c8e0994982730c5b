package io.liveboard.simulator;

import java.io.Writer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;

import io.liveboard.events.LearningEvent;
import io.liveboard.events.SessionEnded;

/**
 * Simulated learning apps: back-dated history first (when asked and the destination is empty), then live
 * traffic paced to the configured rate, on a thread of its own until the duration or event limit is
 * reached or {@link #close()} is called. No static state: several simulators may run in one JVM.
 * <pre>{@code
 * try (Simulator simulator = Simulator.toKafka(SimulatorConfig.defaults().withBootstrap(bootstrap))) {
 *     simulator.start();          // throws SimulatorException when Kafka is unreachable or the topic is missing
 *     ...                         // simulator.stats() at any time
 * }                               // close(): stops, flushes, waits for the thread
 * }</pre>
 */
public final class Simulator implements AutoCloseable {

    /** Where a simulator is in its life. */
    public enum Phase { NEW, HISTORY, LIVE, DONE }

    private static final long PUBLISH_EVERY_NANOS = 100_000_000L;
    private static final long MAX_PARK_NANOS = 100_000_000L;

    private final SimulatorConfig config;
    private final Function<SimulatorConfig, EventSink> opener;
    private final SimClock clock;
    private final CountDownLatch finished = new CountDownLatch(1);
    private volatile boolean stopping;
    private volatile SimulatorStats stats = SimulatorStats.NONE;
    private volatile SimulatorException failure;
    private EventSink sink;
    private Thread thread;

    // Written by the simulator thread only.
    private History history;
    private LiveTraffic live;
    private long liveStartNanos;
    private long liveEndNanos;
    private boolean liveEnded;
    private long lastPublish;
    private Phase phase = Phase.NEW;
    private String historySkipped;

    Simulator(SimulatorConfig config, Function<SimulatorConfig, EventSink> opener, SimClock clock) {
        this.config = config;
        this.opener = opener;
        this.clock = clock;
    }

    /** Events to the learning-events topic of {@code config}'s Kafka. */
    public static Simulator toKafka(SimulatorConfig config) {
        return new Simulator(config, KafkaSink::open, SimClock.SYSTEM);
    }

    /** Events as JSON lines (what {@code liveboard produce} reads) to {@code out}; Kafka settings are ignored. */
    public static Simulator toJsonLines(SimulatorConfig config, Writer out) {
        return new Simulator(config, c -> new JsonLinesSink(out), SimClock.SYSTEM);
    }

    public SimulatorConfig config() {
        return config;
    }

    /**
     * Connects (for Kafka: checks it answers and the topic exists, within the timeout) and starts the
     * simulator thread.
     *
     * @throws SimulatorException when the destination is not usable; nothing was started then
     */
    public synchronized Simulator start() {
        if (sink != null) {
            throw new IllegalStateException("already started");
        }
        sink = opener.apply(config);
        thread = new Thread(this::run, "liveboard-simulator");
        thread.start();
        return this;
    }

    /** Waits for the simulator to finish (duration or event limit reached, closed, or failed). */
    public boolean awaitTermination(Duration timeout) throws InterruptedException {
        return finished.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    public boolean isRunning() {
        return thread != null && finished.getCount() > 0;
    }

    public SimulatorStats stats() {
        return stats;
    }

    /** Why it stopped early, if it did ({@link SimulatorException.Reason#OUTPUT_CLOSED} is a normal end). */
    public Optional<SimulatorException> failure() {
        return Optional.ofNullable(failure);
    }

    /** Stops the traffic, delivers what was generated (bounded by the timeout) and waits for the thread. */
    @Override
    public void close() {
        stopping = true;
        Thread t;
        synchronized (this) {
            t = thread;
        }
        if (t == null) {
            return;
        }
        LockSupport.unpark(t);
        try {
            // Kafka's producer may block up to the timeout (buffer full, broker gone), then close() waits as long.
            if (!finished.await(2 * config.timeout().toMillis() + 5_000, TimeUnit.MILLISECONDS)) {
                t.interrupt();
                finished.await(5, TimeUnit.SECONDS);
            }
            // The latch falls just before run() returns: a caller that looks for the thread right after close()
            // could still find it.
            t.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void run() {
        try {
            Population population = Population.create(config.seed(), config.users(), config.firstUserId(),
                    config.historyDays());
            // A throwaway generator's first events: the live clock starts after the one-time set-up costs.
            sink.warmUp(samples(Population.create(config.seed(), 50, config.firstUserId(), 0)));
            if (config.historyDays() > 0) {
                historySkipped = sink.historyRefusal();
                if (historySkipped == null) {
                    phase = Phase.HISTORY;
                    history = new History(population, config.seed(), config.historyDays(), clock.millis());
                    publish();
                    history.generate(this::sendHistory, () -> stopping);
                    sink.flush();
                }
            }
            if (!stopping) {
                try {
                    runLive(population);
                } finally {
                    liveEndNanos = clock.nanoTime();
                    liveEnded = true;
                }
            }
            sink.flush();
        } catch (SimulatorException e) {
            failure = e;
        } catch (RuntimeException | Error e) {
            failure = new SimulatorException(SimulatorException.Reason.INTERNAL,
                    "simulator failed: " + e.getClass().getSimpleName() + ": " + e.getMessage(), e);
        } finally {
            try {
                sink.close();
            } catch (RuntimeException e) {
                if (failure == null) {
                    failure = new SimulatorException(SimulatorException.Reason.KAFKA_FAILED,
                            "closing the destination failed: " + e.getMessage(), e);
                }
            }
            phase = Phase.DONE;
            publish();
            finished.countDown();
        }
    }

    /** Events of every kind (started, updated, completed and abandoned ends) from a throwaway generator. */
    static List<LearningEvent> samples(Population population) {
        long now = 1_000_000_000_000L;
        LiveTraffic traffic = new LiveTraffic(population, 0, 0, now);
        List<LearningEvent> samples = new ArrayList<>();
        boolean completed = false;
        boolean abandoned = false;
        for (int i = 0; i < 100_000 && samples.size() < 50 && !(completed && abandoned); i++) {
            LearningEvent event = traffic.next(now + 1_000L * i);
            if (event.getPayload() instanceof SessionEnded end) {
                completed |= end.getCompleted();
                abandoned |= !end.getCompleted();
            }
            if (i < 20 || event.getPayload() instanceof SessionEnded) {
                samples.add(event);
            }
        }
        return samples;
    }

    private void sendHistory(User user, LearningEvent event) {
        sink.send(user, event);
        if ((history.counters().events & 1023) == 0) {
            long now = clock.nanoTime();
            if (now - lastPublish > PUBLISH_EVERY_NANOS) {
                publish();
                lastPublish = now;
            }
        }
    }

    private void runLive(Population population) {
        live = new LiveTraffic(population, config.seed(), clock.millis(), clock.millis());
        phase = Phase.LIVE;
        liveStartNanos = clock.nanoTime();
        long durationNanos = config.duration() == null ? Long.MAX_VALUE : config.duration().toNanos();
        long maxEvents = config.maxEvents() == 0 ? Long.MAX_VALUE : config.maxEvents();
        Pacer pacer = config.rate() > 0 ? new Pacer(config.rate(), liveStartNanos) : null;
        long sent = 0;
        publish();
        while (!stopping && sent < maxEvents) {
            long now = clock.nanoTime();
            long elapsed = now - liveStartNanos;
            if (elapsed >= durationNanos) {
                break;
            }
            if (pacer != null) {
                long wait = pacer.acquire(now);
                if (wait > 0) {
                    sink.idle();
                    if (now - lastPublish > PUBLISH_EVERY_NANOS) {
                        publish();
                        lastPublish = now;
                    }
                    clock.park(Math.min(Math.min(wait, durationNanos - elapsed), MAX_PARK_NANOS));
                    continue;
                }
            }
            LearningEvent event = live.next(clock.millis());
            sink.send(live.lastUser(), event);
            sent++;
            if ((sent & 1023) == 0 && now - lastPublish > PUBLISH_EVERY_NANOS) {
                publish();
                lastPublish = now;
            }
        }
    }

    private void publish() {
        Counters h = history == null ? new Counters() : history.counters();
        Counters l = live == null ? new Counters() : live.counters();
        Duration liveElapsed = live == null ? Duration.ZERO
                : Duration.ofNanos((liveEnded ? liveEndNanos : clock.nanoTime()) - liveStartNanos);
        stats = new SimulatorStats(phase, h.events, l.events, sink == null ? 0 : sink.delivered(),
                h.sessionsStarted + l.sessionsStarted, h.sessionsCompleted + l.sessionsCompleted,
                h.sessionsAbandoned + l.sessionsAbandoned, h.matches + l.matches,
                live == null ? 0 : live.activeSessions(), liveElapsed, historySkipped);
    }
}
