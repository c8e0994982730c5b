package io.liveboard.schema;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import io.liveboard.catalog.EventType;
import io.liveboard.events.LearningEvent;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.apache.avro.specific.SpecificData;
import org.junit.jupiter.api.Test;

/** Guards schema evolution: old versions stay, every pair stays compatible, the current one is released. */
class ReleasedSchemasTest {

    private final ReleasedSchemas released = ReleasedSchemas.load();

    @Test
    void everyPairOfVersionsOfARecordIsCompatibleBothWays() {
        for (Map.Entry<String, List<Schema>> entry : released.versionsByFullName().entrySet()) {
            List<Schema> versions = entry.getValue();
            for (Schema reader : versions) {
                for (Schema writer : versions) {
                    SchemaCompatibility.SchemaPairCompatibility result =
                            SchemaCompatibility.checkReaderWriterCompatibility(reader, writer);
                    assertThat(result.getType()).as("%s: %s", entry.getKey(), result.getDescription())
                            .isEqualTo(SchemaCompatibilityType.COMPATIBLE);
                }
            }
        }
    }

    @Test
    void theNewestReleasedVersionOfEachRecordIsTheOneTheCodeWrites() {
        assertThat(released.versionsByFullName()).isNotEmpty();
        for (Map.Entry<String, List<Schema>> entry : released.versionsByFullName().entrySet()) {
            Schema newest = entry.getValue().get(entry.getValue().size() - 1);
            Schema current = SpecificData.get().getSchema(SpecificData.get().getClass(newest));
            assertThat(AvroCodec.fingerprint(current)).as(entry.getKey() + " changed without a new released version")
                    .isEqualTo(AvroCodec.fingerprint(newest));
        }
    }

    @Test
    void everyTopLevelRecordTheCodeWritesIsReleased() {
        Stream.concat(Stream.of(LearningEvent.class),
                        Stream.of(EventType.values()).map(EventType::recordClass)
                                .filter(c -> !c.getSimpleName().startsWith("Session")
                                        && !c.getSimpleName().equals("ScoreUpdated")))
                .forEach(cls -> assertThat(released.versionsOf(SpecificData.get().getSchema(cls).getFullName()))
                        .as(cls.getSimpleName()).isNotEmpty());
        assertThat(released.versionsOf("io.liveboard.events.ActivityItem")).isNotEmpty();
    }

    @Test
    void theIndexListsExactlyTheReleasedFiles() throws IOException {
        Path folder = Path.of("src/main/resources" + ReleasedSchemas.FOLDER);
        try (Stream<Path> files = Files.list(folder)) {
            List<String> onDisk = files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".avsc"))
                    .sorted().toList();
            assertThat(ReleasedSchemas.indexEntries().stream().sorted().toList()).isEqualTo(onDisk);
        }
    }

    @Test
    void theSourceSchemasAreTheNewestReleasedOnes() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("src/main/avro"))) {
            for (Path file : files.toList()) {
                Schema source = new Schema.Parser().parse(file.toFile());
                List<Schema> versions = released.versionsOf(source.getFullName());
                assertThat(versions).as(file.toString()).isNotEmpty();
                assertThat(AvroCodec.fingerprint(versions.get(versions.size() - 1))).as(file.toString())
                        .isEqualTo(AvroCodec.fingerprint(source));
            }
        }
    }
}
