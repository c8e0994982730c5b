package io.liveboard.cli.token;

import java.time.Duration;
import java.util.concurrent.Callable;

import io.liveboard.catalog.PropertyNames;
import io.liveboard.cli.CliException;
import io.liveboard.cli.DurationConverter;
import io.liveboard.fanout.auth.TokenService;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code liveboard token}: a signed JWT for development and tests. */
@Command(name = "token", mixinStandardHelpOptions = true,
        description = {"Print a signed token (JWT, HS256) for a user, for development and tests.",
                "It is signed with $" + PropertyNames.AUTH_TOKEN_SECRET_ENV + " when set (what production fan-out "
                        + "nodes verify with),",
                "else with the development secret, which only fan-out nodes in the dev profile accept.",
                "Use it as ws://HOST:8080/api/ws?token=TOKEN or 'Authorization: Bearer TOKEN'."})
public final class TokenCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--user", required = true, paramLabel = "ID", description = "The user id (a positive integer).")
    long userId;

    @Option(names = "--name", paramLabel = "USERNAME", description = "The username the token carries (optional).")
    String username;

    @Option(names = "--ttl", paramLabel = "DURATION", defaultValue = "1h", converter = DurationConverter.class,
            description = "How long the token is valid (default: ${DEFAULT-VALUE}; at most 366d).")
    Duration ttl;

    @Override
    public Integer call() {
        if (userId <= 0) {
            throw new CliException("--user must be a positive integer, not " + userId, CliException.USAGE);
        }
        String secret = System.getenv(PropertyNames.AUTH_TOKEN_SECRET_ENV);
        boolean dev = secret == null || secret.isBlank();
        TokenService tokens;
        try {
            tokens = new TokenService(dev ? TokenService.DEV_SECRET : secret);
        } catch (IllegalArgumentException e) {
            throw new CliException("$" + PropertyNames.AUTH_TOKEN_SECRET_ENV + " is too short: " + e.getMessage());
        }
        String token;
        try {
            token = tokens.issue(userId, username, ttl);
        } catch (IllegalArgumentException e) {
            throw new CliException(e.getMessage(), CliException.USAGE);
        }
        spec.commandLine().getOut().println(token);
        if (dev) {
            spec.commandLine().getErr().println("(signed with the development secret: only fan-out nodes in the dev "
                    + "profile accept it; set " + PropertyNames.AUTH_TOKEN_SECRET_ENV + " for others)");
        }
        return 0;
    }
}
