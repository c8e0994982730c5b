package io.liveboard.cli;

/** A failure the user can act on: printed as one line, no stack trace, with its exit code. */
public class CliException extends RuntimeException {

    /** Something went wrong running the command (Kafka unreachable, bad file...). */
    public static final int FAILED = 1;
    /** The command line itself was wrong. */
    public static final int USAGE = 2;

    private final int exitCode;

    public CliException(String message) {
        this(message, FAILED);
    }

    public CliException(String message, int exitCode) {
        super(message);
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }
}
