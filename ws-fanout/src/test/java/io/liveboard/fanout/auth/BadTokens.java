package io.liveboard.fanout.auth;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;

import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.security.Keys;

/** Tokens a server must refuse, made independently of {@link TokenService}. */
public final class BadTokens {

    private BadTokens() {
    }

    /** Signed with another secret. */
    public static String forged(long userId) {
        return Jwts.builder().subject(Long.toString(userId)).expiration(Date.from(Instant.now().plusSeconds(600)))
                .signWith(Keys.hmacShaKeyFor("another-secret-entirely-0123456789-abcdefghij"
                        .getBytes(StandardCharsets.UTF_8)), Jwts.SIG.HS256).compact();
    }

    /** Signed correctly, expired a minute ago. */
    public static String expired(String secret, long userId) {
        return Jwts.builder().subject(Long.toString(userId)).issuedAt(Date.from(Instant.now().minusSeconds(3600)))
                .expiration(Date.from(Instant.now().minusSeconds(60)))
                .signWith(Keys.hmacShaKeyFor(secret.getBytes(StandardCharsets.UTF_8)), Jwts.SIG.HS256).compact();
    }

    /** The right secret but HS512 (the secret must be at least 64 bytes). */
    public static String hs512(String secret, long userId) {
        return Jwts.builder().subject(Long.toString(userId)).expiration(Date.from(Instant.now().plusSeconds(600)))
                .signWith(Keys.hmacShaKeyFor(secret.getBytes(StandardCharsets.UTF_8)), Jwts.SIG.HS512).compact();
    }

    /** RS256 with some RSA key. */
    public static String rs256(long userId) {
        try {
            KeyPairGenerator gen = KeyPairGenerator.getInstance("RSA");
            gen.initialize(2048);
            KeyPair pair = gen.generateKeyPair();
            return Jwts.builder().subject(Long.toString(userId)).expiration(Date.from(Instant.now().plusSeconds(600)))
                    .signWith(pair.getPrivate(), Jwts.SIG.RS256).compact();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code alg: none}, unsigned. */
    public static String none(long userId) {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String header = b64.encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
        long exp = Instant.now().plus(Duration.ofMinutes(10)).getEpochSecond();
        String payload = b64.encodeToString(("{\"sub\":\"" + userId + "\",\"exp\":" + exp + "}")
                .getBytes(StandardCharsets.UTF_8));
        return header + "." + payload + ".";
    }

    /** An HS256 token whose signature was computed for another payload (user id swapped after signing). */
    public static String tampered(String validToken, long otherUserId) {
        String[] parts = validToken.split("\\.");
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
                .replaceFirst("\"sub\":\"[0-9]+\"", "\"sub\":\"" + otherUserId + "\"");
        return parts[0] + "." + b64.encodeToString(payload.getBytes(StandardCharsets.UTF_8)) + "." + parts[2];
    }
}
