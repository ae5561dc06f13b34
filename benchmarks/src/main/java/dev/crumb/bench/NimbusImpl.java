package dev.crumb.bench;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWEHeader;
import com.nimbusds.jose.crypto.DirectDecrypter;
import com.nimbusds.jose.crypto.DirectEncrypter;
import com.nimbusds.jwt.EncryptedJWT;
import com.nimbusds.jwt.JWTClaimsSet;
import java.text.ParseException;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The plain Nimbus JOSE path a user would write for a JWT session cookie, the issue's baseline:
 * an {@link EncryptedJWT} over a {@link JWTClaimsSet}, with the header, one
 * {@link DirectEncrypter} and one {@link DirectDecrypter} per key made once and reused (as in
 * {@link NimbusJweImpl}, so the two differ only in how the claims are handled). Nimbus's defaults
 * throughout: its own JSON for the claims, its own base64, a cipher per call, a
 * {@code SecureRandom} per IV.
 *
 * <p>The attributes are plain Java maps, lists, strings and numbers, so they go into the claims
 * set as they are and come out of {@code getJSONObjectClaim} as the same kind of values; that is
 * the whole of "Jackson for the attributes" here. A user storing records would add a Jackson
 * {@code convertValue} per attribute on each side, which is left out so that ratios to this
 * baseline stay conservative.
 *
 * <p>The claims are added in the order of Crumb's payload, but Nimbus writes them, like the
 * header members, in an order of its own (that of a {@code HashMap}); times are integer seconds.
 * Crumb opens such tokens and, since the header is not its canonical one, reports them as needing
 * a re-seal.
 *
 * <p>Getting the claims set parses the whole payload, so whether the attributes are read
 * afterwards changes little here. {@link NimbusJweImpl} is the faster Nimbus path.
 */
final class NimbusImpl implements Impl {

    private final Fixture fixture;
    private final NimbusKeys keys;

    NimbusImpl(Fixture fixture) {
        this.fixture = fixture;
        this.keys = new NimbusKeys(fixture);
    }

    @Override
    public String seal(SessionInput session) {
        Instant now = fixture.clock().instant();
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .claim("sid", session.sid())
                .subject(session.subject())
                .issueTime(Date.from(now))
                .notBeforeTime(Date.from(now))
                .expirationTime(Date.from(now.plus(fixture.lifetime())))
                .claim("auth_time", session.createdAt())
                .claim("attrs", session.attributes())
                .build();
        EncryptedJWT jwt = new EncryptedJWT(keys.header(), claims);
        try {
            jwt.encrypt(keys.encrypter());
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
        return jwt.serialize();
    }

    @Override
    public Object open(String token, Blackhole attrs) {
        try {
            EncryptedJWT jwt = EncryptedJWT.parse(token);
            JWEHeader h = jwt.getHeader();
            DirectDecrypter decrypter = keys.decrypterFor(h);
            if (decrypter == null) {
                return null;
            }
            jwt.decrypt(decrypter);
            JWTClaimsSet claims = jwt.getJWTClaimsSet();
            Date exp = claims.getExpirationTime();
            if (exp == null || fixture.clock().instant().getEpochSecond() >= exp.getTime() / 1000) {
                return null;
            }
            Map<String, Object> attributes = claims.getJSONObjectClaim("attrs");
            if (attrs != null && attributes != null) {
                for (Object value : attributes.values()) {
                    attrs.consume(value);
                }
            }
            return claims;
        } catch (ParseException | JOSEException e) {
            return null;
        }
    }

    @Override
    public Map<String, Object> attributes(Object opened) {
        try {
            return ((JWTClaimsSet) opened).getJSONObjectClaim("attrs");
        } catch (ParseException e) {
            throw new IllegalStateException(e);
        }
    }
}
