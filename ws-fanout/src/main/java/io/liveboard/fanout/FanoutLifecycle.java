package io.liveboard.fanout;

import io.liveboard.fanout.channel.Hub;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Graceful shutdown: before the web server stops (this phase stops first), every client is told to reconnect
 * with 1012 so a rolling restart loses nothing (clients resume by position on another node).
 */
@Component
class FanoutLifecycle implements SmartLifecycle {

    private final Hub hub;
    private final FanoutProperties props;
    private volatile boolean running;

    FanoutLifecycle(Hub hub, FanoutProperties props) {
        this.hub = hub;
        this.props = props;
    }

    @Override
    public void start() {
        running = true;
    }

    @Override
    public void stop() {
        running = false;
        hub.shutdown(props.shutdownTimeout());
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return Integer.MAX_VALUE;
    }
}
