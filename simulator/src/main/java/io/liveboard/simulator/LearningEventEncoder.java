package io.liveboard.simulator;

import java.io.IOException;
import java.io.OutputStream;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

import io.liveboard.events.LearningEvent;
import io.liveboard.events.ScoreUpdated;
import io.liveboard.events.SessionEnded;
import io.liveboard.events.SessionStarted;
import io.liveboard.schema.AvroCodec;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;

/**
 * Single-object Avro encoding of {@link LearningEvent}, written field by field into a reused buffer: the
 * same bytes as {@link AvroCodec#encode} at a fraction of the cost (the generic writer resolves unions and
 * logical types by reflection for every record, the main cost at benchmark rates). It checks itself
 * against the codec when created and defers to the codec if the schema has moved on.
 */
final class LearningEventEncoder {

    private final AvroCodec codec = AvroCodec.shared();
    private final byte[] header;
    private final Buffer buffer = new Buffer();
    private final BinaryEncoder out = EncoderFactory.get().directBinaryEncoder(buffer, null);
    private final boolean fast;

    LearningEventEncoder(List<LearningEvent> samples) {
        this(samples, AvroCodec.shared()::encode);
    }

    /** {@code reference} says what the bytes of each sample must be. */
    LearningEventEncoder(List<LearningEvent> samples, Function<LearningEvent, byte[]> reference) {
        long fingerprint = AvroCodec.fingerprint(LearningEvent.getClassSchema());
        header = new byte[10];
        header[0] = (byte) 0xC3;
        header[1] = (byte) 0x01;
        for (int i = 0; i < 8; i++) {
            header[2 + i] = (byte) (fingerprint >>> (8 * i));
        }
        boolean same = true;
        for (LearningEvent sample : samples) {
            same &= Arrays.equals(write(sample), reference.apply(sample));
        }
        fast = same;
    }

    /** Whether the hand-written path is used (false: the schema changed; this class needs updating). */
    boolean fast() {
        return fast;
    }

    byte[] encode(LearningEvent event) {
        return fast ? write(event) : codec.encode(event);
    }

    private byte[] write(LearningEvent event) {
        buffer.reset();
        try {
            buffer.write(header, 0, header.length);
            out.writeString(event.getEventId());
            out.writeLong(event.getUserId());
            out.writeString(event.getUsername());
            out.writeString(event.getApp());
            Instant at = event.getOccurredAt();
            out.writeLong(at.toEpochMilli());
            optionalString(event.getTimezone());
            Object payload = event.getPayload();
            if (payload instanceof SessionStarted started) {
                out.writeIndex(0);
                out.writeString(started.getSessionId());
                out.writeString(started.getMode());
                optionalString(started.getMatchId());
            } else if (payload instanceof ScoreUpdated score) {
                out.writeIndex(1);
                out.writeString(score.getSessionId());
                optionalDouble(score.getWpm());
                optionalDouble(score.getAccuracy());
                optionalDouble(score.getScore());
                optionalDouble(score.getComprehension());
                optionalDouble(score.getProgress());
                out.writeLong(score.getElapsedMs());
            } else {
                SessionEnded ended = (SessionEnded) payload;
                out.writeIndex(2);
                out.writeString(ended.getSessionId());
                optionalDouble(ended.getWpm());
                optionalDouble(ended.getAccuracy());
                optionalDouble(ended.getComprehension());
                optionalDouble(ended.getScore());
                out.writeLong(ended.getDurationMs());
                out.writeBoolean(ended.getCompleted());
                out.writeInt(ended.getPoints());
            }
            out.flush();
        } catch (IOException e) {
            throw new IllegalStateException("cannot encode into memory", e);
        }
        return buffer.toByteArray();
    }

    private void optionalString(String value) throws IOException {
        if (value == null) {
            out.writeIndex(0);
        } else {
            out.writeIndex(1);
            out.writeString(value);
        }
    }

    private void optionalDouble(Double value) throws IOException {
        if (value == null) {
            out.writeIndex(0);
        } else {
            out.writeIndex(1);
            out.writeDouble(value);
        }
    }

    /** A growable byte buffer without the locking of ByteArrayOutputStream. */
    private static final class Buffer extends OutputStream {
        private byte[] bytes = new byte[512];
        private int size;

        void reset() {
            size = 0;
        }

        @Override
        public void write(int b) {
            ensure(1);
            bytes[size++] = (byte) b;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            ensure(len);
            System.arraycopy(b, off, bytes, size, len);
            size += len;
        }

        private void ensure(int more) {
            if (size + more > bytes.length) {
                bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + more));
            }
        }

        byte[] toByteArray() {
            return Arrays.copyOf(bytes, size);
        }
    }
}
