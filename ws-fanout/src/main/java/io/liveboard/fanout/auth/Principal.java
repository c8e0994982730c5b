package io.liveboard.fanout.auth;

import java.time.Instant;

/** Who a verified token names: the user id, the username (may be null) and when the token expires. */
public record Principal(long userId, String username, Instant expiresAt) {
}
