package io.liveboard.cli.replay;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** One end of a replay range: an offset (applies to every partition read) or a time. */
record Bound(Long offset, Instant time) {

    static Bound parse(String value) {
        String v = value.trim();
        if (v.matches("\\d{1,19}")) {
            return new Bound(Long.parseLong(v), null);
        }
        try {
            return new Bound(null, OffsetDateTime.parse(v).toInstant());
        } catch (DateTimeParseException notOffsetTime) {
            try {
                return new Bound(null, LocalDate.parse(v).atStartOfDay().toInstant(ZoneOffset.UTC));
            } catch (DateTimeParseException notDate) {
                throw new TypeConversionException("'" + value + "' is neither an offset nor an ISO-8601 time "
                        + "(e.g. 1200, 2026-11-26T10:00:00Z, 2026-11-26)");
            }
        }
    }

    boolean isOffset() {
        return offset != null;
    }

    @Override
    public String toString() {
        return isOffset() ? "offset " + offset : time.toString();
    }

    /** picocli converter. */
    static final class Converter implements ITypeConverter<Bound> {
        @Override
        public Bound convert(String value) {
            return parse(value);
        }
    }
}
