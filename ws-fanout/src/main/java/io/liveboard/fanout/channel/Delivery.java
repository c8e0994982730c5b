package io.liveboard.fanout.channel;

import io.liveboard.fanout.history.Rec;
import io.netty.buffer.ByteBuf;

/** One message for the subscribers of one channel on one event loop; runs on that loop. */
final class Delivery implements Runnable {

    private final Hub hub;
    private final ChannelState channel;
    private final int loop;
    private final ByteBuf frame;
    private final Rec rec;
    private final long polledNanos;

    Delivery(Hub hub, ChannelState channel, int loop, ByteBuf frame, Rec rec, long polledNanos) {
        this.hub = hub;
        this.channel = channel;
        this.loop = loop;
        this.frame = frame;
        this.rec = rec;
        this.polledNanos = polledNanos;
    }

    @Override
    public void run() {
        int delivered = 0;
        try {
            Subscription[] subs = channel.subscribers(loop);
            int n = channel.size(loop);
            for (int i = 0; i < n; i++) {
                Subscription s = subs[i];
                if (s.accept(rec.partition(), rec.offset(), rec.seq()) && s.connection.sendShared(frame)) {
                    delivered++;
                }
            }
        } finally {
            frame.release();
        }
        hub.metrics.delivered(delivered, rec.timestamp(), polledNanos);
    }
}
