package io.liveboard.e2e;

import java.io.IOException;

import io.liveboard.fanout.FanoutApplication;

/**
 * The fan-out as its own JVM, for the test that kills it. It also ends when the test JVM goes away (its standard
 * input, a pipe from the test, reaches end of file), so a crashed or interrupted test run leaves no node behind.
 */
public final class FanoutChild {

    private FanoutChild() {
    }

    public static void main(String[] args) {
        Thread watchdog = new Thread(() -> {
            try {
                while (System.in.read() != -1) {
                    // nothing is sent on the pipe; only its end matters
                }
            } catch (IOException e) {
                // the pipe broke: the parent is gone as well
            }
            Runtime.getRuntime().halt(3);
        }, "parent-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
        FanoutApplication.main(args);
    }
}
