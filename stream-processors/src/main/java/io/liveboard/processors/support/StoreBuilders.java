package io.liveboard.processors.support;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * The processors' stores: RocksDB (state larger than memory, kept across clean restarts), changelogged
 * (so state moves with tasks and survives crashes), uncached (the low-latency path: outputs leave at the
 * next commit, not when a cache flushes).
 */
public final class StoreBuilders {

    private StoreBuilders() {
    }

    public static <V> StoreBuilder<KeyValueStore<String, V>> json(String name, Class<V> type) {
        return Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(name), Serdes.String(), JsonSerde.of(type))
                .withCachingDisabled();
    }
}
