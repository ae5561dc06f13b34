package dev.crumb.bench;

import java.util.function.Function;

/**
 * The implementations compared in one run, the {@code impl} parameter of the seal and open
 * benchmarks: Crumb, RAW (the physical floor of any encrypted cookie), two Nimbus JOSE paths, the
 * floor of Crumb's format, and the JVM peers Ktor and Vert.x. The baselines are just more
 * constants behind the same interface.
 */
public enum ImplKind {

    /** Crumb's {@code SessionCodec}. */
    CRUMB(CrumbImpl::new, true),
    /**
     * RAW, issue 17's baseline: Jackson of the attribute map, a cached JCA AES-GCM cipher,
     * {@code iv ‖ ct ‖ tag}, JDK base64url; no format.
     */
    RAW(RawImpl::new, false),
    /**
     * Plain Nimbus JOSE, the baseline: {@code EncryptedJWT} over a {@code JWTClaimsSet},
     * {@code DirectEncrypter}/{@code DirectDecrypter}, the attributes as plain Java values.
     */
    NIMBUS(NimbusImpl::new, true),
    /**
     * Nimbus JOSE's faster path, for comparison: {@code JWEObject} with
     * {@code DirectEncrypter}/{@code DirectDecrypter}, the payload written and read with Jackson
     * databind.
     */
    NIMBUS_JWE(NimbusJweImpl::new, true),
    /** The floor of Crumb's format: JCA cipher reused, {@code java.util.Base64}, Jackson. */
    FLOOR(FloorImpl::new, true),
    /** Ktor's {@code SessionTransportTransformerEncrypt} with Jackson for the attribute map. */
    KTOR(KtorImpl::new, false),
    /** Vert.x 5's {@code CookieSessionStore}. */
    VERTX(VertxImpl::new, false);

    private final Function<Fixture, Impl> factory;
    private final boolean writesJwe;

    ImplKind(Function<Fixture, Impl> factory, boolean writesJwe) {
        this.factory = factory;
        this.writesJwe = writesJwe;
    }

    /** A new instance for one thread, sealing with the fixture's first key and opening with all. */
    public Impl create(Fixture fixture) {
        return factory.apply(fixture);
    }

    /**
     * Whether its tokens are Crumb's format (a compact JWE that Crumb opens, with a key id, so
     * that the ring's older key opens too); false for the formats of their own, which seal and
     * open with the primary key only.
     */
    public boolean writesJwe() {
        return writesJwe;
    }
}
