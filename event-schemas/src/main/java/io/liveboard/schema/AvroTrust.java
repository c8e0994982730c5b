package io.liveboard.schema;

import org.apache.avro.util.ClassSecurityValidator;

/**
 * Avro 1.12 refuses to instantiate generated classes of packages it was not told to trust, and it
 * checks on first use of a class (decoding, deep copies in {@code newBuilder(other)}), so this must run
 * before any liveboard record is touched: every {@code main} calls it first, {@link AvroCodec} calls it
 * on load, and test JVMs get {@code -Dorg.apache.avro.SERIALIZABLE_PACKAGES} from the parent pom.
 */
public final class AvroTrust {

    public static final String EVENTS_PACKAGE = "io.liveboard.events.";
    private static boolean installed;

    private AvroTrust() {
    }

    public static synchronized void install() {
        if (installed) {
            return;
        }
        ClassSecurityValidator.ClassSecurityPredicate liveboard = cls -> cls.getName().startsWith(EVENTS_PACKAGE);
        ClassSecurityValidator.setGlobal(ClassSecurityValidator.composite(ClassSecurityValidator.getGlobal(), liveboard));
        installed = true;
    }
}
