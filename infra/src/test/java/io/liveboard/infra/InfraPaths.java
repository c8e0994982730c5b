package io.liveboard.infra;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where the files under test are: the infra module's directory (Maven runs tests there) and the repository root. */
final class InfraPaths {

    private InfraPaths() {
    }

    static Path infra() {
        Path dir = Path.of(System.getProperty("basedir", System.getProperty("user.dir"))).toAbsolutePath();
        if (Files.isDirectory(dir.resolve("k8s"))) {
            return dir;
        }
        if (Files.isDirectory(dir.resolve("infra/k8s"))) {
            return dir.resolve("infra");
        }
        throw new IllegalStateException("cannot find infra/ from " + dir);
    }

    static Path base() {
        return infra().resolve("k8s/base");
    }

    static Path production() {
        return infra().resolve("k8s/overlays/production");
    }

    static Path monitoring() {
        return infra().resolve("monitoring");
    }
}
