package io.liveboard.simulator;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;

import java.util.List;

import io.liveboard.events.LearningEvent;
import io.liveboard.json.LearningEventJson;

/** Events as the JSON lines {@code liveboard produce} reads, one per line, buffered. */
final class JsonLinesSink implements EventSink {

    private final Writer target;
    private final Writer out;
    private volatile long written;

    JsonLinesSink(Writer target) {
        this.target = target;
        this.out = new BufferedWriter(target, 1 << 16);
    }

    @Override
    public void send(User user, LearningEvent event) {
        try {
            out.write(LearningEventJson.toJson(event));
            out.write('\n');
        } catch (IOException e) {
            throw new SimulatorException(SimulatorException.Reason.OUTPUT_FAILED, "cannot write events: " + e.getMessage(), e);
        }
        if ((++written & 1023) == 0) {
            // Also notices a reader that went away while running flat out (no idle moments then).
            flush();
        }
    }

    @Override
    public void warmUp(List<LearningEvent> samples) {
        samples.forEach(LearningEventJson::toJson);
    }

    @Override
    public void idle() {
        flush();
    }

    @Override
    public void flush() {
        try {
            out.flush();
        } catch (IOException e) {
            throw new SimulatorException(SimulatorException.Reason.OUTPUT_FAILED, "cannot write events: " + e.getMessage(), e);
        }
        // A PrintWriter hides write errors: a closed pipe (| head) shows only here.
        if (target instanceof PrintWriter printer && printer.checkError()) {
            throw new SimulatorException(SimulatorException.Reason.OUTPUT_CLOSED, "the output was closed");
        }
    }

    @Override
    public void close() {
        try {
            out.flush();
        } catch (IOException e) {
            // Already reported by flush() where it mattered; closing must not fail.
        }
    }

    @Override
    public long delivered() {
        return written;
    }

    @Override
    public String destination() {
        return "JSON lines";
    }
}
