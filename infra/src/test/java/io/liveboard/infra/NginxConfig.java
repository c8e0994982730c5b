package io.liveboard.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** infra/nginx/nginx.conf as text, and the nginx binary when there is one. */
final class NginxConfig {

    private NginxConfig() {
    }

    static Path file() {
        return InfraPaths.infra().resolve("nginx/nginx.conf");
    }

    static String text() {
        try {
            // Comments out: directives only.
            return Files.readString(file()).replaceAll("(?m)#.*$", "");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The body of the first block {@code name ... { ... }} (no nested braces inside the blocks we read). */
    static String block(String text, String header) {
        Matcher m = Pattern.compile(Pattern.quote(header) + "\\s*\\{([^{}]*)}").matcher(text);
        if (!m.find()) {
            throw new AssertionError("no block '" + header + "' in nginx.conf");
        }
        return m.group(1);
    }

    static List<String> upstreamServers(String text) {
        List<String> servers = new ArrayList<>();
        Matcher m = Pattern.compile("(?m)^\\s*server\\s+([^\\s;]+)").matcher(block(text, "upstream liveboard_fanout"));
        while (m.find()) {
            servers.add(m.group(1));
        }
        return servers;
    }

    /** nginx from $LIVEBOARD_NGINX or the PATH (or /usr/sbin). */
    static Optional<Path> binary() {
        String explicit = System.getenv("LIVEBOARD_NGINX");
        if (explicit != null && Files.isExecutable(Path.of(explicit))) {
            return Optional.of(Path.of(explicit));
        }
        String path = System.getenv().getOrDefault("PATH", "") + java.io.File.pathSeparator + "/usr/sbin";
        return Stream.of(path.split(java.io.File.pathSeparator)).map(p -> Path.of(p, "nginx"))
                .filter(Files::isExecutable).findFirst();
    }
}
