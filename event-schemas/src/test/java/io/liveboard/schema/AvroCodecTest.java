package io.liveboard.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.List;

import io.liveboard.events.LeaderboardUpdate;
import io.liveboard.events.LearningEvent;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.Test;

class AvroCodecTest {

    private final AvroCodec codec = AvroCodec.shared();

    @Test
    void everyRecordTypeSurvivesARoundTrip() {
        for (SpecificRecord record : SampleRecords.all()) {
            byte[] bytes = codec.encode(record);
            assertThat(codec.decode(bytes)).as(record.getSchema().getName()).isEqualTo(record);
        }
    }

    @Test
    void writesTheAvroSingleObjectHeader() throws Exception {
        SpecificRecord record = SampleRecords.all().get(3);
        byte[] bytes = codec.encode(record);
        assertThat(bytes[0]).isEqualTo((byte) 0xC3);
        assertThat(bytes[1]).isEqualTo((byte) 0x01);
        long fingerprint = AvroCodec.fingerprint(record.getSchema());
        for (int i = 0; i < 8; i++) {
            assertThat(bytes[2 + i]).isEqualTo((byte) (fingerprint >>> (8 * i)));
        }
        // Avro's own encoder writes the same bytes, so other single-object readers can read ours.
        assertThat(bytes).isEqualTo(toByteArray(LeaderboardUpdate.getEncoder().encode((LeaderboardUpdate) record)));
    }

    @Test
    void anUnknownFingerprintIsATypedErrorNamingIt() {
        byte[] bytes = codec.encode(SampleRecords.all().get(0));
        bytes[5] ^= 0x5A;
        assertThatThrownBy(() -> codec.decode(bytes))
                .isInstanceOf(UnknownSchemaException.class)
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("unknown schema fingerprint")
                .satisfies(e -> assertThat(((UnknownSchemaException) e).reason()).isEqualTo("unknown-schema"));
    }

    @Test
    void bytesThatAreNotSingleObjectAvroAreMalformed() {
        assertThatThrownBy(() -> codec.decode("{\"json\":true}".getBytes()))
                .isInstanceOf(MalformedRecordException.class).hasMessageContaining("expected c3 01");
        assertThatThrownBy(() -> codec.decode(new byte[] {(byte) 0xC3, 1, 2}))
                .isInstanceOf(MalformedRecordException.class).hasMessageContaining("too short");
    }

    @Test
    void aTruncatedOrPaddedBodyIsMalformed() {
        byte[] bytes = codec.encode(SampleRecords.all().get(4));
        assertThatThrownBy(() -> codec.decode(Arrays.copyOf(bytes, bytes.length - 5)))
                .isInstanceOf(MalformedRecordException.class);
        assertThatThrownBy(() -> codec.decode(Arrays.copyOf(bytes, bytes.length + 3)))
                .isInstanceOf(MalformedRecordException.class).hasMessageContaining("trailing");
    }

    @Test
    void decodingAsTheWrongTypeIsAnError() {
        byte[] bytes = codec.encode(SampleRecords.all().get(3));
        assertThatThrownBy(() -> codec.decode(bytes, LearningEvent.class))
                .isInstanceOf(MalformedRecordException.class).hasMessageContaining("LeaderboardUpdate");
    }

    @Test
    void aRecordWrittenWithANewerSchemaVersionDecodesIntoTheCurrentClass() throws Exception {
        // A hypothetical v2 of LeaderboardUpdate that adds an optional field.
        Schema current = LeaderboardUpdate.getClassSchema();
        String v2Json = current.toString().replace("\"name\":\"event_id\"",
                "\"name\":\"badge\",\"type\":[\"null\",\"string\"],\"default\":null},{\"name\":\"event_id\"");
        Schema v2 = new Schema.Parser().parse(v2Json);
        GenericRecord written = new GenericData.Record(v2);
        LeaderboardUpdate original = (LeaderboardUpdate) SampleRecords.all().get(3);
        for (Schema.Field field : current.getFields()) {
            written.put(field.name(), original.get(field.pos()));
        }
        written.put("badge", "gold");
        written.put("timestamp", original.getTimestamp().toEpochMilli());
        byte[] bytes = singleObject(v2, written);

        assertThatThrownBy(() -> codec.decode(bytes)).isInstanceOf(UnknownSchemaException.class);
        AvroCodec withV2 = new AvroCodec(List.of(current, v2));
        assertThat(withV2.decode(bytes, LeaderboardUpdate.class)).isEqualTo(original);
    }

    @Test
    void kafkaSerdesPassNullsAndRoundTrip() {
        Serde<SpecificRecord> any = AvroSerdes.any();
        assertThat(any.serializer().serialize("t", null)).isNull();
        assertThat(any.deserializer().deserialize("t", null)).isNull();
        SpecificRecord record = SampleRecords.all().get(5);
        assertThat(any.deserializer().deserialize("t", any.serializer().serialize("t", record))).isEqualTo(record);
        Serde<LearningEvent> typed = AvroSerdes.of(LearningEvent.class);
        LearningEvent event = (LearningEvent) SampleRecords.all().get(0);
        assertThat(typed.deserializer().deserialize("t", typed.serializer().serialize("t", event))).isEqualTo(event);
    }

    @Test
    void refusesToWriteASchemaThatWasNeverReleased() {
        Schema unreleased = SchemaBuilder.record("Nope").namespace("io.liveboard.events").fields()
                .requiredString("x").endRecord();
        AvroCodec onlyUnrelated = new AvroCodec(List.of(unreleased));
        assertThatThrownBy(() -> onlyUnrelated.encode(SampleRecords.all().get(3)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("not among the released");
    }

    private static byte[] singleObject(Schema schema, GenericRecord record) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(new byte[] {(byte) 0xC3, 0x01});
        long fp = AvroCodec.fingerprint(schema);
        for (int i = 0; i < 8; i++) {
            out.write((int) (fp >>> (8 * i)) & 0xFF);
        }
        BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
        new GenericDatumWriter<GenericRecord>(schema).write(record, encoder);
        encoder.flush();
        return out.toByteArray();
    }

    private static byte[] toByteArray(java.nio.ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        return bytes;
    }
}
