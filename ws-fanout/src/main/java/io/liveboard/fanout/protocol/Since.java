package io.liveboard.fanout.protocol;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/** The {@code since} of a subscribe: a position from an earlier message, or an ISO-8601 time. */
public sealed interface Since {

    record At(Position position) implements Since {
    }

    record After(Instant time) implements Since {
    }

    /** Null for null or blank; throws {@link ProtocolException} ({@code bad_since}) for anything else it cannot read. */
    static Since parse(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        Position position = Position.parse(text);
        if (position != null) {
            return new At(position);
        }
        try {
            return new After(OffsetDateTime.parse(text).toInstant());
        } catch (DateTimeParseException e) {
            try {
                return new After(Instant.parse(text));
            } catch (DateTimeParseException e2) {
                throw new ProtocolException(ErrorCode.BAD_SINCE, "since must be a position from an earlier message "
                        + "or an ISO-8601 time such as 2026-02-20T18:30:00Z");
            }
        }
    }
}
