package io.liveboard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;

import io.liveboard.fanout.auth.Principal;
import io.liveboard.fanout.auth.TokenService;
import org.junit.jupiter.api.Test;

class TokenCommandTest {

    @Test
    void printsATokenTheFanoutAcceptsForThatUser() {
        CliRun run = CliRun.of("token", "--user", "42", "--name", "ada", "--ttl", "2h");
        assertThat(run.exitCode()).as(run.err()).isZero();
        String token = run.out().strip();
        assertThat(token.split("\\.")).hasSize(3);
        Principal principal = new TokenService(TokenService.DEV_SECRET).verify(token);
        assertThat(principal.userId()).isEqualTo(42);
        assertThat(principal.username()).isEqualTo("ada");
        assertThat(principal.expiresAt()).isBetween(Instant.now().plus(Duration.ofMinutes(119)),
                Instant.now().plus(Duration.ofMinutes(121)));
        assertThat(run.err()).contains("development secret");
    }

    @Test
    void refusesBadUsersAndLifetimes() {
        CliRun zero = CliRun.of("token", "--user", "0");
        assertThat(zero.exitCode()).isEqualTo(2);
        assertThat(zero.err()).contains("--user must be a positive integer");
        CliRun forever = CliRun.of("token", "--user", "1", "--ttl", "5000d");
        assertThat(forever.exitCode()).isEqualTo(2);
        assertThat(forever.err()).contains("ttl must be between");
        assertThat(CliRun.of("token").err()).contains("Missing required option: '--user=ID'");
        assertThat(zero.clean() && forever.clean()).isTrue();
    }
}
