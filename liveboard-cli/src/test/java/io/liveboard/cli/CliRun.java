package io.liveboard.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

/** Runs the CLI in-process and keeps what it printed. */
public record CliRun(int exitCode, String out, String err) {

    public static CliRun of(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = LiveboardCli.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new CliRun(code, out.toString(), err.toString());
    }

    /** No stack trace or exception class name reached the user. */
    public boolean clean() {
        return !err.contains("\tat ") && !err.contains("Exception") && !out.contains("\tat ");
    }
}
