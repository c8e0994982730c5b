package io.liveboard.fanout.auth;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.context.annotation.Profile;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /api/dev/token?user_id=42&username=ada}: a token for the dashboard's user picker; dev profile only. */
@RestController
@Profile(AuthConfiguration.DEV_PROFILE)
class DevTokenController {

    private static final Duration TTL = Duration.ofHours(12);

    private final TokenService tokens;

    DevTokenController(TokenService tokens) {
        this.tokens = tokens;
    }

    @GetMapping("/api/dev/token")
    ResponseEntity<Map<String, Object>> token(@RequestParam(name = "user_id", required = false) String userId,
                                              @RequestParam(name = "username", required = false) String username) {
        long id;
        try {
            id = Long.parseLong(userId);
        } catch (NumberFormatException e) {
            return ResponseEntity.badRequest().body(Map.of("error", "bad_request",
                    "message", "user_id must be a positive integer"));
        }
        if (id <= 0) {
            return ResponseEntity.badRequest().body(Map.of("error", "bad_request",
                    "message", "user_id must be a positive integer"));
        }
        String name = username == null || username.isBlank() ? null : username.strip();
        if (name != null && name.length() > 64) {
            return ResponseEntity.status(HttpStatus.BAD_REQUEST).body(Map.of("error", "bad_request",
                    "message", "username must be at most 64 characters"));
        }
        String token = tokens.issue(id, name, TTL);
        Principal principal = tokens.verify(token);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("token", token);
        body.put("user_id", id);
        body.put("username", name);
        body.put("expires_at", principal.expiresAt().toString());
        return ResponseEntity.ok(body);
    }

}
