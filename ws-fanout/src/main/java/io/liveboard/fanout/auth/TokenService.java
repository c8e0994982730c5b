package io.liveboard.fanout.auth;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;

import javax.crypto.SecretKey;

import io.jsonwebtoken.Claims;
import io.jsonwebtoken.ExpiredJwtException;
import io.jsonwebtoken.Jws;
import io.jsonwebtoken.JwtException;
import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.security.Keys;

/**
 * Mints and verifies the HS256 JWTs of docs/protocol.md: {@code sub} = user id, {@code name} = username,
 * {@code exp} required, {@code iat}. Parsing and signature checks are jjwt's; this class only pins the algorithm
 * (a token signed any other way, or not at all, is refused) and maps claims. Thread-safe; the CLI's
 * {@code liveboard token} uses it too.
 */
public final class TokenService {

    /** HS256 needs a key of at least 256 bits (RFC 7518 §3.2). */
    public static final int MIN_SECRET_BYTES = 32;
    /**
     * The secret of the dev profile (and of {@code liveboard token} in dev mode). Never accepted outside it:
     * see {@link AuthConfiguration}.
     */
    public static final String DEV_SECRET = "liveboard-dev-secret-do-not-use-in-production-0123456789";
    public static final String USERNAME_CLAIM = "name";

    private static final String ALGORITHM = "HS256";
    private static final Duration MAX_TTL = Duration.ofDays(366);

    private final SecretKey key;
    private final Clock clock;

    public TokenService(String secret) {
        this(secret, Clock.systemUTC());
    }

    public TokenService(String secret, Clock clock) {
        if (secret == null || secret.getBytes(StandardCharsets.UTF_8).length < MIN_SECRET_BYTES) {
            throw new IllegalArgumentException("the token secret must be at least " + MIN_SECRET_BYTES
                    + " bytes for HS256");
        }
        this.key = Keys.hmacShaKeyFor(secret.getBytes(StandardCharsets.UTF_8));
        this.clock = clock;
    }

    /** A token for {@code userId} (positive), valid for {@code ttl}. */
    public String issue(long userId, String username, Duration ttl) {
        if (userId <= 0) {
            throw new IllegalArgumentException("user id must be positive: " + userId);
        }
        if (ttl == null || ttl.isNegative() || ttl.isZero() || ttl.compareTo(MAX_TTL) > 0) {
            throw new IllegalArgumentException("ttl must be between 1 s and " + MAX_TTL.toDays() + " days: " + ttl);
        }
        Instant now = clock.instant();
        var builder = Jwts.builder()
                .subject(Long.toString(userId))
                .issuedAt(Date.from(now))
                .expiration(Date.from(now.plus(ttl)));
        if (username != null && !username.isBlank()) {
            builder.claim(USERNAME_CLAIM, username);
        }
        return builder.signWith(key, Jwts.SIG.HS256).compact();
    }

    /** The principal of a valid token; {@link InvalidTokenException} saying why otherwise. */
    public Principal verify(String token) {
        if (token == null || token.isBlank()) {
            throw new InvalidTokenException("empty token");
        }
        if (token.length() > 4096) {
            throw new InvalidTokenException("token is too long");
        }
        Jws<Claims> jws;
        try {
            jws = Jwts.parser()
                    .verifyWith(key)
                    .clock(() -> Date.from(clock.instant()))
                    .build()
                    .parseSignedClaims(token);
        } catch (ExpiredJwtException e) {
            throw new InvalidTokenException("token expired");
        } catch (JwtException | IllegalArgumentException e) {
            throw new InvalidTokenException("invalid token: " + brief(e));
        }
        if (!ALGORITHM.equals(jws.getHeader().getAlgorithm())) {
            throw new InvalidTokenException("token must be signed with " + ALGORITHM);
        }
        Claims claims = jws.getPayload();
        Date exp = claims.getExpiration();
        if (exp == null) {
            throw new InvalidTokenException("token has no expiry");
        }
        long userId;
        try {
            userId = Long.parseLong(claims.getSubject());
        } catch (NumberFormatException | NullPointerException e) {
            throw new InvalidTokenException("token subject must be a user id");
        }
        if (userId <= 0) {
            throw new InvalidTokenException("token subject must be a positive user id");
        }
        Object name = claims.get(USERNAME_CLAIM);
        return new Principal(userId, name instanceof String s ? s : null, exp.toInstant());
    }

    private static String brief(Exception e) {
        String m = e.getMessage();
        if (m == null) {
            return e.getClass().getSimpleName();
        }
        return m.length() > 120 ? m.substring(0, 120) + "..." : m;
    }
}
