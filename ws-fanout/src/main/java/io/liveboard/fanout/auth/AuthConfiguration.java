package io.liveboard.fanout.auth;

import java.nio.charset.StandardCharsets;

import io.liveboard.catalog.PropertyNames;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.core.env.Profiles;

/**
 * The token secret: {@value PropertyNames#AUTH_TOKEN_SECRET} (env {@value PropertyNames#AUTH_TOKEN_SECRET_ENV}).
 * Only the dev profile falls back to {@link TokenService#DEV_SECRET}; anywhere else a node without a secret of at
 * least {@value TokenService#MIN_SECRET_BYTES} bytes refuses to start, and the dev secret itself is refused.
 */
@Configuration(proxyBeanMethods = false)
public class AuthConfiguration {

    public static final String DEV_PROFILE = "dev";

    /** The property, else the environment variable by its documented name (relaxed binding alone would want LIVEBOARD_AUTH_TOKEN_SECRET). */
    @Bean
    public TokenService tokenService(@Value("${" + PropertyNames.AUTH_TOKEN_SECRET + ":${"
            + PropertyNames.AUTH_TOKEN_SECRET_ENV + ":}}") String secret, Environment env) {
        boolean dev = env.acceptsProfiles(Profiles.of(DEV_PROFILE));
        if (secret == null || secret.isBlank()) {
            if (dev) {
                return new TokenService(TokenService.DEV_SECRET);
            }
            throw new IllegalStateException("no token secret: set " + PropertyNames.AUTH_TOKEN_SECRET_ENV + " (or "
                    + PropertyNames.AUTH_TOKEN_SECRET + ") to at least " + TokenService.MIN_SECRET_BYTES
                    + " random bytes, or run with the dev profile");
        }
        if (secret.getBytes(StandardCharsets.UTF_8).length < TokenService.MIN_SECRET_BYTES) {
            throw new IllegalStateException(PropertyNames.AUTH_TOKEN_SECRET + " is shorter than "
                    + TokenService.MIN_SECRET_BYTES + " bytes, too weak for HS256");
        }
        if (!dev && secret.equals(TokenService.DEV_SECRET)) {
            throw new IllegalStateException("the development token secret is not allowed outside the dev profile");
        }
        return new TokenService(secret);
    }
}
