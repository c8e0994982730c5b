package io.liveboard.cli.apps;

import java.util.ArrayList;
import java.util.List;

import picocli.CommandLine.Option;
import picocli.CommandLine.Unmatched;

/** What {@code processors} and {@code fanout} share: the Spring profile and pass-through Spring settings. */
public final class AppOptions {

    @Option(names = "--profile", paramLabel = "PROFILE", defaultValue = "${env:LIVEBOARD_PROFILE:-dev}",
            description = "dev (default; local development) or production (a real token secret and provisioned "
                    + "topics are required); env LIVEBOARD_PROFILE.")
    String profile;

    @Unmatched
    List<String> springArgs = new ArrayList<>();

    public String profile() {
        return profile;
    }

    /** Arguments the CLI does not know, which must look like Spring settings: {@code --name=value}. */
    public List<String> springArgs() {
        for (String arg : springArgs) {
            if (!arg.matches("--[A-Za-z0-9.\\[\\]_-]+=.*")) {
                throw new io.liveboard.cli.CliException("unknown argument '" + arg + "' (Spring settings are given "
                        + "as --name=value)", io.liveboard.cli.CliException.USAGE);
            }
        }
        return springArgs;
    }
}
