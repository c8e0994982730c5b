package io.liveboard.cli.replay;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.liveboard.catalog.EventType;
import io.liveboard.events.ActivityItem;
import io.liveboard.events.LearningEvent;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.data.TimeConversions;
import org.apache.avro.file.CodecFactory;
import org.apache.avro.file.DataFileWriter;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.kafka.common.header.Header;

/**
 * An Avro object container file (readable by Spark, pandas/fastavro, avro-tools) of {@code ReplayRecord}s:
 * the Kafka coordinates, key and headers, and the value as a union of every liveboard record type, or
 * the raw bytes when the value could not be decoded.
 */
final class AvroFileSink implements RecordSink {

    static final Schema SCHEMA = replaySchema();

    private final DataFileWriter<GenericRecord> writer;

    AvroFileSink(Path file) throws IOException {
        SpecificData model = new SpecificData();
        model.addLogicalTypeConversion(new TimeConversions.TimestampMillisConversion());
        this.writer = new DataFileWriter<GenericRecord>(new SpecificDatumWriter<>(SCHEMA, model))
                .setCodec(CodecFactory.deflateCodec(6));
        writer.create(SCHEMA, file.toFile());
    }

    @Override
    public void write(DecodedRecord record) throws IOException {
        var raw = record.raw();
        GenericRecord out = new GenericData.Record(SCHEMA);
        out.put("topic", raw.topic());
        out.put("partition", raw.partition());
        out.put("offset", raw.offset());
        out.put("timestamp", Instant.ofEpochMilli(raw.timestamp()));
        out.put("key", raw.key());
        Map<String, String> headers = new LinkedHashMap<>();
        for (Header header : raw.headers()) {
            headers.put(header.key(), header.value() == null ? "" : new String(header.value(), StandardCharsets.UTF_8));
        }
        out.put("headers", headers);
        if (record.value() != null) {
            out.put("value", record.value());
        } else if (raw.value() != null) {
            out.put("value", ByteBuffer.wrap(raw.value()));
        }
        out.put("error", record.errorMessage());
        writer.append(out);
    }

    @Override
    public void flush() throws IOException {
        writer.flush();
    }

    @Override
    public void close() throws IOException {
        writer.close();
    }

    private static Schema replaySchema() {
        List<Schema> valueTypes = new ArrayList<>();
        valueTypes.add(Schema.create(Schema.Type.NULL));
        valueTypes.add(LearningEvent.getClassSchema());
        for (EventType type : EventType.values()) {
            Schema schema = SpecificData.get().getSchema(type.recordClass());
            if (schema.getFullName().startsWith("io.liveboard.events.") && !isPayload(type)) {
                valueTypes.add(schema);
            }
        }
        valueTypes.add(ActivityItem.getClassSchema());
        valueTypes.add(Schema.create(Schema.Type.BYTES));
        Schema timestamp = LogicalTypes.timestampMillis().addToSchema(Schema.create(Schema.Type.LONG));
        return SchemaBuilder.record("ReplayRecord").namespace("io.liveboard.replay")
                .doc("A Kafka record replayed by 'liveboard replay'; value is null for tombstones, bytes when undecodable")
                .fields()
                .requiredString("topic")
                .requiredInt("partition")
                .requiredLong("offset")
                .name("timestamp").type(timestamp).noDefault()
                .optionalString("key")
                .name("headers").type().map().values().stringType().noDefault()
                .name("value").type(Schema.createUnion(valueTypes)).withDefault(null)
                .optionalString("error")
                .endRecord();
    }

    private static boolean isPayload(EventType type) {
        return type == EventType.SESSION_STARTED || type == EventType.SCORE_UPDATED || type == EventType.SESSION_ENDED;
    }
}
