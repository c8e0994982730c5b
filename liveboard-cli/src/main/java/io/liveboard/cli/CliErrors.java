package io.liveboard.cli;

import java.io.PrintWriter;

import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/** Turns every failure into one line on stderr and an exit code; stack traces only with LIVEBOARD_DEBUG=1. */
final class CliErrors {

    private CliErrors() {
    }

    static boolean debug() {
        return "1".equals(System.getenv("LIVEBOARD_DEBUG"));
    }

    /** Bad command lines: the reason, a pointer to --help, exit 2. */
    static final class UsageErrors implements IParameterExceptionHandler {
        @Override
        public int handleParseException(ParameterException ex, String[] args) {
            CommandLine cmd = ex.getCommandLine();
            PrintWriter err = cmd.getErr();
            err.println("liveboard: " + ex.getMessage());
            CommandLine.UnmatchedArgumentException.printSuggestions(ex, err);
            err.println("Try '" + cmd.getCommandSpec().qualifiedName() + " --help' for more information.");
            err.flush();
            return CliException.USAGE;
        }
    }

    /** Failures while running: one line, the command's exit code. */
    static final class RuntimeErrors implements IExecutionExceptionHandler {
        @Override
        public int handleExecutionException(Exception ex, CommandLine cmd, ParseResult parseResult) {
            PrintWriter err = cmd.getErr();
            if (ex instanceof CliException cli) {
                err.println("liveboard: " + cli.getMessage());
                if (cli.exitCode() == CliException.USAGE) {
                    err.println("Try '" + cmd.getCommandSpec().qualifiedName() + " --help' for more information.");
                }
                if (debug()) {
                    ex.printStackTrace(err);
                }
                err.flush();
                return cli.exitCode();
            }
            err.println("liveboard: " + cmd.getCommandName() + " failed: " + describe(ex));
            if (debug()) {
                ex.printStackTrace(err);
            } else {
                err.println("(set LIVEBOARD_DEBUG=1 to see the stack trace)");
            }
            err.flush();
            return CliException.FAILED;
        }

        private static String describe(Throwable ex) {
            Throwable root = ex;
            while (root.getCause() != null && root.getCause() != root) {
                root = root.getCause();
            }
            String message = root.getMessage();
            return root.getClass().getSimpleName() + (message == null ? "" : ": " + message.lines().findFirst().orElse(""));
        }
    }
}
