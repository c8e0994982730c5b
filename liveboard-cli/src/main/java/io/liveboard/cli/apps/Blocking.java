package io.liveboard.cli.apps;

import java.util.concurrent.CountDownLatch;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.event.ContextClosedEvent;

/** Keeps a command in the foreground until its app is closed (Ctrl-C or SIGTERM closes it through Spring's hook). */
final class Blocking {

    private Blocking() {
    }

    static void untilClosed(ConfigurableApplicationContext context) {
        CountDownLatch closed = new CountDownLatch(1);
        context.addApplicationListener(event -> {
            if (event instanceof ContextClosedEvent) {
                closed.countDown();
            }
        });
        if (!context.isActive()) {
            return;
        }
        try {
            closed.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            context.close();
        }
    }
}
