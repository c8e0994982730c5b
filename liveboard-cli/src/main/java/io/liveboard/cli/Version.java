package io.liveboard.cli;

import picocli.CommandLine.IVersionProvider;

/** The version from the jar manifest (unknown when run from classes). */
final class Version implements IVersionProvider {

    @Override
    public String[] getVersion() {
        String version = Version.class.getPackage().getImplementationVersion();
        return new String[] {"liveboard " + (version == null ? "(development build)" : version)};
    }
}
