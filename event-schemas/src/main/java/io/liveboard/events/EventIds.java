package io.liveboard.events;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * Deterministic ids for derived events: a name-based UUID of what caused the event, so a reprocessed
 * input yields the same id and consumers can drop duplicates.
 */
public final class EventIds {

    private EventIds() {
    }

    /** e.g. {@code derive("achievement", "42", "7-day-streak")}. */
    public static String derive(String kind, Object... cause) {
        StringBuilder sb = new StringBuilder(kind);
        for (Object part : cause) {
            sb.append('\u001f').append(part);
        }
        return UUID.nameUUIDFromBytes(sb.toString().getBytes(StandardCharsets.UTF_8)).toString();
    }
}
