package dev.crumb.bench;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWEHeader;
import com.nimbusds.jose.JWEObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.DirectDecrypter;
import com.nimbusds.jose.crypto.DirectEncrypter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.text.ParseException;
import java.util.Map;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The faster of the two Nimbus JOSE paths: a {@link JWEObject} whose payload is written and read
 * with Jackson databind (the claims as a record), with {@link DirectEncrypter} and
 * {@link DirectDecrypter} made once per key and reused. Nimbus's defaults throughout (its own
 * base64, a cipher per call, a {@code SecureRandom} per IV). {@link NimbusImpl} is the plain
 * {@code EncryptedJWT} path, which handles the claims with Nimbus's own JSON instead.
 *
 * <p>Opening has to parse the payload to check {@code exp}, and the plain way parses it whole, so
 * whether the attributes are read afterwards changes little here.
 */
final class NimbusJweImpl implements Impl {

    private final Fixture fixture;
    private final NimbusKeys keys;

    NimbusJweImpl(Fixture fixture) {
        this.fixture = fixture;
        this.keys = new NimbusKeys(fixture);
    }

    @Override
    public String seal(SessionInput session) {
        long now = fixture.clock().instant().getEpochSecond();
        try {
            byte[] json = Json.MAPPER.writeValueAsBytes(
                    JoseClaims.of(session, now, fixture.lifetime().getSeconds()));
            JWEObject jwe = new JWEObject(keys.header(), new Payload(json));
            jwe.encrypt(keys.encrypter());
            return jwe.serialize();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public Object open(String token, Blackhole attrs) {
        try {
            JWEObject jwe = JWEObject.parse(token);
            JWEHeader h = jwe.getHeader();
            DirectDecrypter decrypter = keys.decrypterFor(h);
            if (decrypter == null) {
                return null;
            }
            jwe.decrypt(decrypter);
            JoseClaims claims = Json.MAPPER.readValue(jwe.getPayload().toBytes(), JoseClaims.class);
            if (fixture.clock().instant().getEpochSecond() >= claims.exp()) {
                return null;
            }
            if (attrs != null) {
                for (Object value : claims.attrs().values()) {
                    attrs.consume(value);
                }
            }
            return claims;
        } catch (ParseException | JOSEException | IOException e) {
            return null;
        }
    }

    @Override
    public Map<String, Object> attributes(Object opened) {
        return ((JoseClaims) opened).attrs();
    }
}
