package dev.crumb.internal;

import com.nimbusds.jose.Algorithm;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyType;
import com.nimbusds.jose.jwk.OctetSequenceKey;
import com.nimbusds.jose.util.Base64URL;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads and writes JWK Sets (RFC 7517) of symmetric {@code oct} keys through Nimbus. */
public final class JwkSets {

    /** Top-level JWK Set member naming the kid that seals; optional, the first key otherwise. */
    public static final String PRIMARY_MEMBER = "primary";

    /** One symmetric key as read from a JWK Set. */
    public record Entry(String kid, String alg, byte[] secret) {
        @Override
        public String toString() {
            return "Entry[kid=" + kid + ", alg=" + alg + ", secret=<redacted>]";
        }
    }

    /** A parsed set: its keys in order, and the primary kid if the set names one. */
    public record Parsed(List<Entry> keys, String primaryKid) {}

    private JwkSets() {}

    /**
     * Parses a JWK Set, or a single JWK, of {@code oct} keys.
     *
     * @throws IllegalArgumentException naming what is wrong and how to fix it
     */
    public static Parsed parse(String json) {
        if (json == null || json.isBlank()) {
            throw new IllegalArgumentException("the JWK Set is empty; generate one with "
                    + "KeyRing.generate().toJwkSet(Instant.now()) or the crumb cli's keygen");
        }
        JWKSet set;
        String primary = null;
        try {
            set = JWKSet.parse(json);
            Object p = set.getAdditionalMembers().get(PRIMARY_MEMBER);
            if (p != null && !(p instanceof String)) {
                throw new IllegalArgumentException("the JWK Set member \"primary\" must be a kid string");
            }
            primary = (String) p;
        } catch (ParseException setError) {
            try {
                set = new JWKSet(JWK.parse(json));
            } catch (ParseException keyError) {
                throw new IllegalArgumentException("not a JWK Set (RFC 7517): " + setError.getMessage()
                        + "; expected {\"keys\":[{\"kty\":\"oct\",\"kid\":...,\"alg\":\"A256GCM\",\"k\":...}]}", setError);
            }
        }
        List<Entry> keys = new ArrayList<>();
        for (JWK jwk : set.getKeys()) {
            if (!KeyType.OCT.equals(jwk.getKeyType())) {
                throw new IllegalArgumentException("JWK " + describe(jwk) + " has kty "
                        + jwk.getKeyType() + "; session keys are symmetric: use kty \"oct\"");
            }
            if (jwk.getKeyID() == null) {
                throw new IllegalArgumentException("a JWK in the set has no \"kid\"; give every key a unique kid");
            }
            Algorithm alg = jwk.getAlgorithm();
            if (alg == null) {
                throw new IllegalArgumentException("JWK " + describe(jwk)
                        + " has no \"alg\"; set it to \"A256GCM\" or \"A256CBC-HS512\"");
            }
            keys.add(new Entry(jwk.getKeyID(), alg.getName(), ((OctetSequenceKey) jwk).toByteArray()));
        }
        return new Parsed(keys, primary);
    }

    /** Writes keys as a JWK Set, the primary first and named in the {@code primary} member. */
    public static String write(List<Entry> keys, String primaryKid) {
        List<JWK> jwks = new ArrayList<>();
        for (Entry e : keys) {
            jwks.add(new OctetSequenceKey.Builder(Base64URL.encode(e.secret()))
                    .keyID(e.kid())
                    .algorithm(new Algorithm(e.alg()))
                    .build());
        }
        Map<String, Object> extra = new LinkedHashMap<>();
        if (primaryKid != null) {
            extra.put(PRIMARY_MEMBER, primaryKid);
        }
        return new JWKSet(jwks, extra).toString(false);
    }

    private static String describe(JWK jwk) {
        return jwk.getKeyID() == null ? "(no kid)" : "'" + jwk.getKeyID() + "'";
    }
}
