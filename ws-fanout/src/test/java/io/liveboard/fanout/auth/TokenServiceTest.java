package io.liveboard.fanout.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TokenServiceTest {

    static final String SECRET = "unit-test-secret-0123456789-0123456789-0123456789-0123456789-abcd";
    final TokenService tokens = new TokenService(SECRET);

    @Test
    void roundTripsUserAndName() {
        Principal p = tokens.verify(tokens.issue(42, "ada", Duration.ofMinutes(5)));
        assertThat(p.userId()).isEqualTo(42);
        assertThat(p.username()).isEqualTo("ada");
        assertThat(p.expiresAt()).isBetween(Instant.now().plusSeconds(290), Instant.now().plusSeconds(301));
    }

    @Test
    void usernameIsOptional() {
        assertThat(tokens.verify(tokens.issue(7, null, Duration.ofMinutes(1))).username()).isNull();
    }

    @Test
    void refusesTokensSignedWithAnotherSecret() {
        assertThatThrownBy(() -> tokens.verify(BadTokens.forged(42))).isInstanceOf(InvalidTokenException.class);
    }

    @Test
    void refusesTamperedPayload() {
        String t = BadTokens.tampered(tokens.issue(42, "ada", Duration.ofMinutes(5)), 43);
        assertThatThrownBy(() -> tokens.verify(t)).isInstanceOf(InvalidTokenException.class);
    }

    @Test
    void refusesExpiredTokens() {
        assertThatThrownBy(() -> tokens.verify(BadTokens.expired(SECRET, 42)))
                .isInstanceOf(InvalidTokenException.class).hasMessageContaining("expired");
        TokenService past = new TokenService(SECRET, Clock.fixed(Instant.now().minusSeconds(7200), ZoneOffset.UTC));
        assertThatThrownBy(() -> tokens.verify(past.issue(42, "ada", Duration.ofHours(1))))
                .hasMessageContaining("expired");
    }

    @Test
    void refusesOtherAlgorithmsEvenWithTheRightSecret() {
        assertThatThrownBy(() -> tokens.verify(BadTokens.hs512(SECRET, 42)))
                .isInstanceOf(InvalidTokenException.class).hasMessageContaining("HS256");
        assertThatThrownBy(() -> tokens.verify(BadTokens.rs256(42))).isInstanceOf(InvalidTokenException.class);
    }

    @Test
    void refusesUnsignedTokens() {
        assertThatThrownBy(() -> tokens.verify(BadTokens.none(42))).isInstanceOf(InvalidTokenException.class);
    }

    @Test
    void refusesGarbage() {
        for (String t : new String[] {"", "abc", "a.b.c", "x".repeat(5000)}) {
            assertThatThrownBy(() -> tokens.verify(t)).isInstanceOf(InvalidTokenException.class);
        }
    }

    @Test
    void refusesShortSecretsAndBadArguments() {
        assertThatThrownBy(() -> new TokenService("short")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> tokens.issue(0, "x", Duration.ofMinutes(1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> tokens.issue(1, "x", Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
    }
}
