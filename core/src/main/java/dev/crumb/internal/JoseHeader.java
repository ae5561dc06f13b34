package dev.crumb.internal;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;

/**
 * Strict reading of a session token's protected header, for the slow path taken when its bytes
 * are not exactly the header this library writes (another JOSE library may order or space the
 * members differently).
 */
public final class JoseHeader {

    /** Longest encoded header considered, in characters. */
    public static final int MAX_ENCODED_LENGTH = 1024;

    /** The members of a session header; {@code zip} is null when absent. */
    public record Fields(String alg, String enc, String kid, String typ, String cn, String zip) {}

    private JoseHeader() {}

    /**
     * Parses a header whose members are only {@code alg}, {@code enc}, {@code kid}, {@code typ},
     * {@code cn} and optionally {@code zip}, each a string and each at most once.
     *
     * @return the members, or null if the JSON is invalid, has any other member (such as
     *     {@code crit}, {@code jku}, {@code jwk} or {@code x5u}), a member twice, a non-string
     *     value, or lacks one of the required five
     */
    public static Fields parse(byte[] json) {
        String alg = null;
        String enc = null;
        String kid = null;
        String typ = null;
        String cn = null;
        String zip = null;
        try (JsonParser p = Json.FACTORY.createParser(json)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            JsonToken t;
            while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                if (p.nextToken() != JsonToken.VALUE_STRING) {
                    return null;
                }
                String value = p.getText();
                switch (name) {
                    case "alg" -> alg = value;
                    case "enc" -> enc = value;
                    case "kid" -> kid = value;
                    case "typ" -> typ = value;
                    case "cn" -> cn = value;
                    case "zip" -> zip = value;
                    default -> {
                        return null;
                    }
                }
            }
            if (t != JsonToken.END_OBJECT || p.nextToken() != null) {
                return null;
            }
        } catch (IOException | RuntimeException e) {
            return null;
        }
        if (alg == null || enc == null || kid == null || typ == null || cn == null) {
            return null;
        }
        return new Fields(alg, enc, kid, typ, cn, zip);
    }
}
