package dev.crumb.bench;

import com.nimbusds.jose.EncryptionMethod;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWEAlgorithm;
import com.nimbusds.jose.JWEHeader;
import com.nimbusds.jose.crypto.DirectDecrypter;
import com.nimbusds.jose.crypto.DirectEncrypter;
import java.util.HashMap;
import java.util.Map;

/**
 * What both Nimbus baselines set up once, as a user would: the header of the primary key, its
 * {@link DirectEncrypter}, and a {@link DirectDecrypter} per kid.
 */
final class NimbusKeys {

    private final Fixture fixture;
    private final EncryptionMethod enc;
    private final JWEHeader header;
    private final DirectEncrypter encrypter;
    private final Map<String, DirectDecrypter> decrypters = new HashMap<>();

    NimbusKeys(Fixture fixture) {
        this.fixture = fixture;
        this.enc = fixture.algorithm() == Alg.A256GCM
                ? EncryptionMethod.A256GCM : EncryptionMethod.A256CBC_HS512;
        try {
            Fixture.RawKey primary = fixture.keys().get(0);
            this.header = new JWEHeader.Builder(JWEAlgorithm.DIR, enc)
                    .keyID(primary.kid())
                    .type(new JOSEObjectType("session+jwe"))
                    .customParam("cn", fixture.cookieName())
                    .build();
            this.encrypter = new DirectEncrypter(primary.secret());
            for (Fixture.RawKey k : fixture.keys()) {
                decrypters.put(k.kid(), new DirectDecrypter(k.secret()));
            }
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The header every token is sealed with. */
    JWEHeader header() {
        return header;
    }

    /** The primary key's encrypter. */
    DirectEncrypter encrypter() {
        return encrypter;
    }

    /**
     * The decrypter for a token's header: its kid known, its {@code enc} the fixture's, its
     * {@code cn} the cookie's name; null otherwise.
     */
    DirectDecrypter decrypterFor(JWEHeader h) {
        DirectDecrypter decrypter = decrypters.get(h.getKeyID());
        if (decrypter == null || !enc.equals(h.getEncryptionMethod())
                || !fixture.cookieName().equals(h.getCustomParam("cn"))) {
            return null;
        }
        return decrypter;
    }
}
