package io.liveboard.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/** Loopback ports no one listens on right now, for servers a test starts itself. */
public final class FreePorts {

    private FreePorts() {
    }

    /** A port the kernel would give a listening socket now. */
    public static int one() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free loopback port", e);
        }
    }

    /**
     * A port p with p + 1 free as well (the local platform's Kafka listens on both). Both are checked: the kernel hands
     * out listening ports of one parity and the ports of outgoing connections of the other first, so p + 1 of a
     * port from {@link #one()} is just where a test's own client connections sit (CI once found it taken).
     */
    public static int pair() {
        for (int attempt = 0; attempt < 50; attempt++) {
            int p = one();
            if (p < 65535 && free(p + 1)) {
                return p;
            }
        }
        throw new IllegalStateException("no two adjacent free loopback ports in 50 tries");
    }

    private static boolean free(int port) {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
