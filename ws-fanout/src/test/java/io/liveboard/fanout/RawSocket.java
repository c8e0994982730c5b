package io.liveboard.fanout;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.ThreadLocalRandom;

/** A hand-driven WebSocket peer for what a well-behaved client library will not do. */
final class RawSocket implements AutoCloseable {

    final Socket socket;
    final String responseHead;

    private RawSocket(Socket socket, String responseHead) {
        this.socket = socket;
        this.responseHead = responseHead;
    }

    static RawSocket upgrade(int port, String extraHeaders) throws IOException {
        Socket socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(15_000);
        byte[] nonce = new byte[16];
        ThreadLocalRandom.current().nextBytes(nonce);
        String request = "GET /api/ws HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nUpgrade: websocket\r\n"
                + "Connection: Upgrade\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: "
                + Base64.getEncoder().encodeToString(nonce) + "\r\n" + extraHeaders + "\r\n";
        socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
        InputStream in = socket.getInputStream();
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            head.write(b);
            matched = (b == "\r\n\r\n".charAt(matched)) ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        return new RawSocket(socket, head.toString(StandardCharsets.US_ASCII));
    }

    /** Sends one masked client frame (opcode 1 text, 2 binary, 9 ping...). */
    void sendFrame(int opcode, byte[] payload) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0x80 | opcode);
        int len = payload.length;
        if (len < 126) {
            out.write(0x80 | len);
        } else if (len <= 0xFFFF) {
            out.write(0x80 | 126);
            out.write(len >>> 8);
            out.write(len & 0xFF);
        } else {
            out.write(0x80 | 127);
            for (int i = 7; i >= 0; i--) {
                out.write((int) ((long) len >>> (8 * i)) & 0xFF);
            }
        }
        byte[] mask = new byte[4];
        ThreadLocalRandom.current().nextBytes(mask);
        out.write(mask);
        for (int i = 0; i < len; i++) {
            out.write(payload[i] ^ mask[i % 4]);
        }
        socket.getOutputStream().write(out.toByteArray());
        socket.getOutputStream().flush();
    }

    void sendText(String text) throws IOException {
        sendFrame(0x1, text.getBytes(StandardCharsets.UTF_8));
    }

    /** A close frame with 1000 (normal closure). */
    void sendClose() throws IOException {
        sendFrame(0x8, new byte[] {0x03, (byte) 0xE8});
    }

    /** The code of the last close frame {@link #readUntilEof} saw; -1 when none. */
    int closeCode = -1;

    /** Reads frames until the peer closes the TCP connection; returns the opcodes seen. */
    String readUntilEof() throws IOException {
        StringBuilder opcodes = new StringBuilder();
        for (int opcode = readFrame(); opcode >= 0; opcode = readFrame()) {
            opcodes.append(Integer.toHexString(opcode)).append(' ');
        }
        return opcodes.toString();
    }

    /** Reads one frame and returns its opcode (a close frame's code goes to {@link #closeCode}); -1 at EOF. */
    int readFrame() throws IOException {
        InputStream in = socket.getInputStream();
        int b0 = in.read();
        if (b0 < 0) {
            return -1;
        }
        int b1 = in.read();
        long len = b1 & 0x7F;
        if (len == 126) {
            len = (in.read() << 8) | in.read();
        } else if (len == 127) {
            len = 0;
            for (int i = 0; i < 8; i++) {
                len = (len << 8) | in.read();
            }
        }
        byte[] payload = in.readNBytes((int) len);
        if ((b0 & 0x0F) == 0x8 && payload.length >= 2) {
            closeCode = ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF);
        }
        return b0 & 0x0F;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
