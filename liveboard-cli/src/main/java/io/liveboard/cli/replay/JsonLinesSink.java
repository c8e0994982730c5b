package io.liveboard.cli.replay;

import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.Base64;

import io.liveboard.catalog.EventType;
import io.liveboard.events.LearningEvent;
import io.liveboard.json.AvroJson;
import io.liveboard.json.LearningEventJson;
import org.apache.kafka.common.header.Header;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.json.JsonMapper;

/**
 * One JSON object per record: {@code topic, partition, offset, timestamp, key, headers, value}. Values use
 * the schema's field names plus {@code type}; input events are flat, as {@code liveboard produce} reads
 * them. An undecodable value is {@code null} with {@code value_error} and the bytes in {@code value_base64}.
 */
final class JsonLinesSink implements RecordSink {

    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    private final Writer writer;
    private final boolean closeStream;

    JsonLinesSink(OutputStream out) {
        this(new OutputStreamWriter(out, StandardCharsets.UTF_8), true);
    }

    JsonLinesSink(Writer writer, boolean closeStream) {
        this.writer = writer;
        this.closeStream = closeStream;
    }

    @Override
    public void write(DecodedRecord record) throws IOException {
        var raw = record.raw();
        try (JsonGenerator gen = MAPPER.createGenerator(new NonClosingWriter(writer))) {
            gen.writeStartObject();
            gen.writeStringProperty("topic", raw.topic());
            gen.writeNumberProperty("partition", raw.partition());
            gen.writeNumberProperty("offset", raw.offset());
            gen.writeStringProperty("timestamp", DateTimeFormatter.ISO_INSTANT.format(Instant.ofEpochMilli(raw.timestamp())));
            gen.writeStringProperty("key", raw.key());
            gen.writeName("headers");
            gen.writeStartObject();
            for (Header header : raw.headers()) {
                gen.writeStringProperty(header.key(),
                        header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8));
            }
            gen.writeEndObject();
            gen.writeName("value");
            if (record.value() == null) {
                gen.writeNull();
            } else {
                gen.writeStartObject();
                if (record.value() instanceof LearningEvent event) {
                    LearningEventJson.writeFields(gen, event);
                } else {
                    gen.writeStringProperty("type", EventType.typeOf(record.value()));
                    AvroJson.writeFields(gen, record.value());
                }
                gen.writeEndObject();
            }
            if (record.undecodable()) {
                gen.writeName("value_error");
                gen.writeStartObject();
                gen.writeStringProperty("reason", record.errorReason());
                gen.writeStringProperty("message", record.errorMessage());
                gen.writeEndObject();
                gen.writeStringProperty("value_base64", Base64.getEncoder().encodeToString(raw.value()));
            }
            gen.writeEndObject();
        }
        writer.write('\n');
    }

    @Override
    public void flush() throws IOException {
        writer.flush();
    }

    @Override
    public void close() throws IOException {
        writer.flush();
        if (closeStream) {
            writer.close();
        }
    }

    /** The generator closes its target when done with a record; the line stream must stay open. */
    private static final class NonClosingWriter extends java.io.FilterWriter {
        NonClosingWriter(Writer out) {
            super(out);
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }
}
