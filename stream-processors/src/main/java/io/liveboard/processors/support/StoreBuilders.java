package io.liveboard.processors.support;

import java.time.Duration;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.WindowStore;

/**
 * The processors' stores: RocksDB (state larger than memory, kept across clean restarts), changelogged
 * (so state moves with tasks and survives crashes), uncached (the low-latency path: outputs leave at the
 * next commit, not when a cache flushes). In-memory stores (still changelogged) only for
 * TopologyTestDriver tests: the driver checkpoints after every record, which flushes every RocksDB
 * store each time (about 40 ms per input record); a running app checkpoints rarely.
 */
public final class StoreBuilders {

    private StoreBuilders() {
    }

    public static <V> StoreBuilder<KeyValueStore<String, V>> json(String name, Class<V> type, boolean persistent) {
        return Stores.keyValueStoreBuilder(persistent ? Stores.persistentKeyValueStore(name) : Stores.inMemoryKeyValueStore(name),
                        Serdes.String(), JsonSerde.of(type))
                .withCachingDisabled();
    }

    /** Event ids seen within {@code retention}: a window store drops whole segments as they expire. */
    public static StoreBuilder<WindowStore<String, Long>> seenIds(String name, Duration retention, boolean persistent) {
        return Stores.windowStoreBuilder(persistent
                                ? Stores.persistentWindowStore(name, retention, retention, false)
                                : Stores.inMemoryWindowStore(name, retention, retention, false),
                        Serdes.String(), Serdes.Long())
                .withCachingDisabled();
    }
}
