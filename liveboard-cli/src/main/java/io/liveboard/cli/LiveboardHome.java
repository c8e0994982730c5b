package io.liveboard.cli;

import java.nio.file.Path;

/** Where local state lives: {@code $LIVEBOARD_HOME/.liveboard} (the repository root when run via ./liveboard). */
public final class LiveboardHome {

    private LiveboardHome() {
    }

    public static Path stateDir() {
        String home = System.getProperty("liveboard.home", System.getenv("LIVEBOARD_HOME"));
        Path base = home == null || home.isBlank() ? Path.of("").toAbsolutePath() : Path.of(home);
        return base.resolve(".liveboard");
    }
}
