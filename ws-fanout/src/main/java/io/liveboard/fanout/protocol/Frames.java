package io.liveboard.fanout.protocol;

import java.nio.charset.StandardCharsets;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;

/**
 * Pre-encoded server-to-client WebSocket frames (RFC 6455 §5.2: FIN, opcode, length, no mask). A message is
 * encoded once into one buffer and every subscriber gets a duplicate of it, so a broadcast costs one encode
 * and no per-subscriber copies. The frame encoder in the pipeline lets plain buffers through untouched.
 */
public final class Frames {

    private static final int OP_TEXT = 0x1;
    private static final int OP_PING = 0x9;

    /** A ping with no payload; share it with {@link ByteBuf#duplicate()}, never release it. */
    public static final ByteBuf PING = Unpooled.unreleasableBuffer(
            Unpooled.directBuffer(2).writeByte(0x80 | OP_PING).writeByte(0).asReadOnly());

    private Frames() {
    }

    public static int headerLength(int payloadLength) {
        return payloadLength < 126 ? 2 : payloadLength <= 0xFFFF ? 4 : 10;
    }

    /** Allocates a buffer holding a text frame header for {@code payloadLength}; the caller writes the payload. */
    public static ByteBuf textFrame(ByteBufAllocator alloc, int payloadLength) {
        ByteBuf buf = alloc.directBuffer(headerLength(payloadLength) + payloadLength);
        writeHeader(buf, OP_TEXT, payloadLength);
        return buf;
    }

    public static ByteBuf text(ByteBufAllocator alloc, byte[] payload) {
        ByteBuf buf = textFrame(alloc, payload.length);
        buf.writeBytes(payload);
        return buf;
    }

    public static ByteBuf text(ByteBufAllocator alloc, String payload) {
        return text(alloc, payload.getBytes(StandardCharsets.UTF_8));
    }

    /** The payload part of a frame made here (for connections that negotiated compression). */
    public static ByteBuf payload(ByteBuf frame) {
        int len = frame.readableBytes();
        int b1 = frame.getByte(frame.readerIndex() + 1) & 0x7F;
        int header = b1 < 126 ? 2 : b1 == 126 ? 4 : 10;
        return frame.slice(frame.readerIndex() + header, len - header);
    }

    private static void writeHeader(ByteBuf buf, int opcode, int length) {
        buf.writeByte(0x80 | opcode);
        if (length < 126) {
            buf.writeByte(length);
        } else if (length <= 0xFFFF) {
            buf.writeByte(126);
            buf.writeShort(length);
        } else {
            buf.writeByte(127);
            buf.writeLong(length);
        }
    }
}
