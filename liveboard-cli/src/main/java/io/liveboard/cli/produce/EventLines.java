package io.liveboard.cli.produce;

import java.io.BufferedReader;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import io.liveboard.events.LearningEvent;
import io.liveboard.json.InvalidEventException;
import io.liveboard.json.LearningEventJson;

/** Every line of an input, parsed and validated before anything is sent. Blank lines are skipped. */
final class EventLines {

    /** A line that could not be accepted, with its 1-based number. */
    record Rejected(long lineNumber, String reason) {
    }

    private final List<LearningEvent> valid = new ArrayList<>();
    private final List<Rejected> rejected = new ArrayList<>();
    private long lines;

    static EventLines read(BufferedReader reader) throws IOException {
        EventLines result = new EventLines();
        String line;
        while ((line = reader.readLine()) != null) {
            result.lines++;
            if (line.isBlank()) {
                continue;
            }
            try {
                result.valid.add(LearningEventJson.parse(line));
            } catch (InvalidEventException e) {
                result.rejected.add(new Rejected(result.lines, e.getMessage()));
            }
        }
        return result;
    }

    List<LearningEvent> valid() {
        return valid;
    }

    List<Rejected> rejected() {
        return rejected;
    }
}
