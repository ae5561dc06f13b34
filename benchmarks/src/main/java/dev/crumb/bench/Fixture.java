package dev.crumb.bench;

import dev.crumb.KeyRing;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;

/**
 * The setting every implementation in a run shares: the algorithm, a ring of two fixed keys
 * (primary first, then an older one that still opens), the cookie name bound into the header, the
 * clock and the lifetime of a token.
 */
public record Fixture(Alg algorithm, List<RawKey> keys, String cookieName, Clock clock,
                      Duration lifetime) {

    /** A secret with its kid. Benchmarks use fixed bytes so that runs are repeatable. */
    public record RawKey(String kid, byte[] secret) {}

    public static final String COOKIE_NAME = "__Host-session";

    /**
     * The ring of {@code alg}: primary then older. The lifetime is long enough that no token made
     * in a trial's setup expires during the trial.
     */
    public static Fixture of(Alg alg) {
        return new Fixture(alg, List.of(key("k-2025-11", alg, 1), key("k-2025-08", alg, 2)),
                COOKIE_NAME, Clock.systemUTC(), Duration.ofHours(2));
    }

    /** The same setting with only the older key, to seal tokens that take the re-seal path. */
    public Fixture olderKeyOnly() {
        return new Fixture(algorithm, List.of(keys.get(1)), cookieName, clock, lifetime);
    }

    /** The session every benchmark seals, with attributes of the given size. */
    public SessionInput session(PayloadSize size) {
        long now = clock.instant().getEpochSecond();
        return new SessionInput("tB3u9Qm2ZxV8kLp0rN4wYg", "user-48213977", now - 600, size.attributes());
    }

    /** The ring of these keys, primary first, as an application would load it: from a JWK Set. */
    public static KeyRing ring(List<RawKey> keys, Alg alg) {
        StringBuilder json = new StringBuilder("{\"keys\":[");
        for (int i = 0; i < keys.size(); i++) {
            json.append(i == 0 ? "" : ",").append("{\"kty\":\"oct\",\"kid\":\"").append(keys.get(i).kid())
                .append("\",\"alg\":\"").append(alg.joseName()).append("\",\"k\":\"")
                .append(Base64.getUrlEncoder().withoutPadding().encodeToString(keys.get(i).secret())).append("\"}");
        }
        return KeyRing.fromJwkSet(json.append("]}").toString());
    }

    /** This fixture's ring. */
    public KeyRing ring() {
        return ring(keys, algorithm);
    }

    static RawKey key(String kid, Alg alg, int seed) {
        byte[] secret = new byte[alg.keyLength()];
        for (int i = 0; i < secret.length; i++) {
            secret[i] = (byte) (seed * 31 + i * 7);
        }
        return new RawKey(kid, secret);
    }
}
