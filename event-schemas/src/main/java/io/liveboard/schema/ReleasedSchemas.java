package io.liveboard.schema;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.avro.Schema;

/**
 * Every schema version ever released, read from {@code io/liveboard/schemas/released/}.
 * Files are named {@code <RecordName>.v<N>.avsc} and listed in that folder's INDEX, because a
 * classpath folder inside a jar cannot be listed. Old versions stay forever so old records keep decoding.
 */
public final class ReleasedSchemas {

    static final String FOLDER = "/io/liveboard/schemas/released/";
    private static final Pattern FILE_NAME = Pattern.compile("([A-Za-z0-9]+)\\.v(\\d+)\\.avsc");

    private final Map<String, List<Schema>> versionsByFullName;

    private ReleasedSchemas(Map<String, List<Schema>> versionsByFullName) {
        this.versionsByFullName = versionsByFullName;
    }

    public static ReleasedSchemas load() {
        Map<String, List<Schema>> byName = new LinkedHashMap<>();
        for (String file : indexEntries()) {
            Matcher m = FILE_NAME.matcher(file);
            if (!m.matches()) {
                throw new IllegalStateException("released schema file name must be <Name>.v<N>.avsc: " + file);
            }
            Schema schema = parse(file);
            List<Schema> versions = byName.computeIfAbsent(schema.getFullName(), k -> new ArrayList<>());
            int version = Integer.parseInt(m.group(2));
            if (version != versions.size() + 1) {
                throw new IllegalStateException("released versions of " + schema.getFullName()
                        + " must be listed in order from v1: " + file);
            }
            versions.add(schema);
        }
        byName.replaceAll((k, v) -> List.copyOf(v));
        return new ReleasedSchemas(Collections.unmodifiableMap(byName));
    }

    /** Full record name to its versions, oldest first. */
    public Map<String, List<Schema>> versionsByFullName() {
        return versionsByFullName;
    }

    public List<Schema> versionsOf(String fullName) {
        return versionsByFullName.getOrDefault(fullName, List.of());
    }

    static List<String> indexEntries() {
        String index = read("INDEX");
        List<String> files = new ArrayList<>();
        for (String line : index.split("\n")) {
            String trimmed = line.trim();
            if (!trimmed.isEmpty() && !trimmed.startsWith("#")) {
                files.add(trimmed);
            }
        }
        return files;
    }

    private static Schema parse(String file) {
        // A fresh parser per file: versions of one record share its name.
        return new Schema.Parser().parse(read(file));
    }

    private static String read(String file) {
        try (InputStream in = ReleasedSchemas.class.getResourceAsStream(FOLDER + file)) {
            if (in == null) {
                throw new IllegalStateException("missing released schema resource " + FOLDER + file);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
