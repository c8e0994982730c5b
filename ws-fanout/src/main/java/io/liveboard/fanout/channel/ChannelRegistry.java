package io.liveboard.fanout.channel;

import java.util.concurrent.ConcurrentHashMap;

import io.liveboard.catalog.Channel;
import io.liveboard.fanout.metrics.FanoutMetrics;

/** The channels that have subscribers on this node; entries come and go with their subscribers. */
final class ChannelRegistry {

    private final ConcurrentHashMap<String, ChannelState> channels = new ConcurrentHashMap<>();
    private final FanoutMetrics metrics;

    ChannelRegistry(FanoutMetrics metrics) {
        this.metrics = metrics;
    }

    ChannelState get(String name) {
        return channels.get(name);
    }

    /** On the subscriber's loop: counts it in and returns the channel's state. */
    ChannelState reserve(Channel channel) {
        ChannelState state = channels.compute(channel.name(), (name, existing) -> {
            ChannelState cs = existing == null ? new ChannelState(channel) : existing;
            cs.total++;
            return cs;
        });
        metrics.subscribed(channel.kind(), 1);
        return state;
    }

    /** On the subscriber's loop, after removing it from its loop's group. */
    void release(ChannelState state) {
        channels.computeIfPresent(state.name, (name, cs) -> {
            if (cs != state) {
                return cs;
            }
            cs.total--;
            return cs.total == 0 ? null : cs;
        });
        metrics.subscribed(state.channel.kind(), -1);
    }

    int size() {
        return channels.size();
    }
}
