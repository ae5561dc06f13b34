package dev.crumb.bench;

import java.util.function.Function;

/**
 * The implementations compared in one run, the {@code impl} parameter of the seal and open
 * benchmarks: Crumb, two Nimbus JOSE paths and the floor. The baselines are just more constants;
 * every one seals the same format, which Crumb opens.
 */
public enum ImplKind {

    /** Crumb's {@code SessionCodec}. */
    CRUMB(CrumbImpl::new),
    /**
     * Plain Nimbus JOSE, the baseline: {@code EncryptedJWT} over a {@code JWTClaimsSet},
     * {@code DirectEncrypter}/{@code DirectDecrypter}, the attributes as plain Java values.
     */
    NIMBUS(NimbusImpl::new),
    /**
     * Nimbus JOSE's faster path, for comparison: {@code JWEObject} with
     * {@code DirectEncrypter}/{@code DirectDecrypter}, the payload written and read with Jackson
     * databind.
     */
    NIMBUS_JWE(NimbusJweImpl::new),
    /** The floor: JCA cipher reused, {@code java.util.Base64}, Jackson. */
    FLOOR(FloorImpl::new);

    private final Function<Fixture, Impl> factory;

    ImplKind(Function<Fixture, Impl> factory) {
        this.factory = factory;
    }

    /** A new instance for one thread, sealing with the fixture's first key and opening with all. */
    public Impl create(Fixture fixture) {
        return factory.apply(fixture);
    }
}
