package io.liveboard.schema;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;

/**
 * Avro single-object encoding (spec: {@code C3 01}, 8-byte little-endian CRC-64-AVRO fingerprint of the
 * writer schema, binary body) for every liveboard record. The writer schema is looked up among all
 * released versions, then resolved to the current generated class, so one topic may hold several
 * record types and old records keep decoding. Thread-safe; share one instance.
 */
public final class AvroCodec {

    static final int HEADER_LENGTH = 10;
    private static final byte MAGIC_0 = (byte) 0xC3;
    private static final byte MAGIC_1 = (byte) 0x01;

    static {
        AvroTrust.install();
    }

    private static final AvroCodec SHARED = new AvroCodec(ReleasedSchemas.load());

    private final Map<Long, Schema> writerSchemas = new ConcurrentHashMap<>();
    private final Map<Long, DatumReader<SpecificRecord>> readers = new ConcurrentHashMap<>();
    private final Map<Class<?>, Writer> writers = new ConcurrentHashMap<>();

    AvroCodec(ReleasedSchemas released) {
        released.versionsByFullName().values().forEach(versions -> versions.forEach(this::register));
    }

    /** A codec knowing exactly these writer schemas (tests of evolution use it). */
    AvroCodec(java.util.Collection<Schema> schemas) {
        schemas.forEach(this::register);
    }

    /** The codec knowing every released schema of this build. */
    public static AvroCodec shared() {
        return SHARED;
    }

    public static long fingerprint(Schema schema) {
        return SchemaNormalization.parsingFingerprint64(schema);
    }

    private void register(Schema schema) {
        writerSchemas.put(fingerprint(schema), schema);
    }

    public byte[] encode(SpecificRecord record) {
        Writer writer = writers.computeIfAbsent(record.getClass(), cls -> new Writer(record.getSchema()));
        if (!writerSchemas.containsKey(writer.fingerprint)) {
            // Writing an unreleased schema would produce records no released reader knows.
            throw new IllegalStateException(record.getSchema().getFullName()
                    + " has a schema that is not among the released versions; add it to " + ReleasedSchemas.FOLDER);
        }
        return writer.write(record);
    }

    /** Decodes any liveboard record; throws {@link UnknownSchemaException} or {@link MalformedRecordException}. */
    public SpecificRecord decode(byte[] bytes) {
        long fingerprint = fingerprintOf(bytes);
        DatumReader<SpecificRecord> reader = readers.computeIfAbsent(fingerprint, this::readerFor);
        BinaryDecoder decoder = DecoderFactory.get().binaryDecoder(bytes, HEADER_LENGTH, bytes.length - HEADER_LENGTH, null);
        try {
            SpecificRecord record = reader.read(null, decoder);
            if (!decoder.isEnd()) {
                throw new MalformedRecordException("trailing bytes after the Avro body", null);
            }
            return record;
        } catch (IOException | AvroRuntimeException | IndexOutOfBoundsException | ClassCastException
                 | NegativeArraySizeException | IllegalArgumentException e) {
            throw new MalformedRecordException("corrupt Avro body: " + e, e);
        }
    }

    /** Decodes and checks the record is of the expected type. */
    public <T extends SpecificRecord> T decode(byte[] bytes, Class<T> expected) {
        SpecificRecord record = decode(bytes);
        if (!expected.isInstance(record)) {
            throw new MalformedRecordException("expected " + expected.getSimpleName() + " but the record is "
                    + record.getSchema().getName(), null);
        }
        return expected.cast(record);
    }

    /** The writer schema the bytes name, without decoding the body. */
    public Schema writerSchemaOf(byte[] bytes) {
        long fingerprint = fingerprintOf(bytes);
        Schema schema = writerSchemas.get(fingerprint);
        if (schema == null) {
            throw new UnknownSchemaException(fingerprint, "not among the released schemas");
        }
        return schema;
    }

    private static long fingerprintOf(byte[] bytes) {
        if (bytes == null || bytes.length < HEADER_LENGTH) {
            throw new MalformedRecordException("too short for a single-object encoded Avro record ("
                    + (bytes == null ? "null" : bytes.length + " bytes") + ")", null);
        }
        if (bytes[0] != MAGIC_0 || bytes[1] != MAGIC_1) {
            throw new MalformedRecordException(String.format(
                    "not single-object encoded Avro: header is %02x %02x, expected c3 01", bytes[0], bytes[1]), null);
        }
        long fingerprint = 0;
        for (int i = 9; i >= 2; i--) {
            fingerprint = (fingerprint << 8) | (bytes[i] & 0xFFL);
        }
        return fingerprint;
    }

    private DatumReader<SpecificRecord> readerFor(long fingerprint) {
        Schema writer = writerSchemas.get(fingerprint);
        if (writer == null) {
            throw new UnknownSchemaException(fingerprint, "not among the released schemas");
        }
        Class<?> current = SpecificData.get().getClass(writer);
        if (current == null || !SpecificRecord.class.isAssignableFrom(current)) {
            throw new UnknownSchemaException(fingerprint, "no generated class for " + writer.getFullName());
        }
        Schema reader = SpecificData.get().getSchema(current);
        return new SpecificDatumReader<>(writer, reader, SpecificData.getForClass(current));
    }

    private static final class Writer {
        private final long fingerprint;
        private final byte[] header;
        private final SpecificDatumWriter<SpecificRecord> datumWriter;

        Writer(Schema schema) {
            this.fingerprint = fingerprint(schema);
            this.header = new byte[HEADER_LENGTH];
            header[0] = MAGIC_0;
            header[1] = MAGIC_1;
            for (int i = 0; i < 8; i++) {
                header[2 + i] = (byte) (fingerprint >>> (8 * i));
            }
            this.datumWriter = new SpecificDatumWriter<>(schema);
        }

        byte[] write(SpecificRecord record) {
            ByteArrayOutputStream out = new ByteArrayOutputStream(128);
            out.writeBytes(header);
            BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
            try {
                datumWriter.write(record, encoder);
                encoder.flush();
            } catch (IOException e) {
                throw new IllegalStateException("cannot encode " + record.getSchema().getFullName(), e);
            }
            return out.toByteArray();
        }
    }
}
