package dev.crumb.bench;

import org.openjdk.jmh.infra.Blackhole;

/**
 * One way to keep a session in a cookie as a compact JWE with {@code alg} {@code dir}: Crumb, or a
 * baseline a user might write instead. All produce the same claims (sid, sub, iat, nbf, exp,
 * auth_time, attrs) and the same header members, so Crumb opens every implementation's tokens.
 */
public interface Impl {

    /** Seals a session with the primary key; issue and expiry times come from the clock. */
    String seal(SessionInput session);

    /**
     * Opens a token and checks its expiry.
     *
     * @param attrs null to leave the attributes unread; otherwise every attribute is read as plain
     *     Java and handed to it
     * @return the opened session in the implementation's own type, or null if the token was rejected
     */
    Object open(String token, Blackhole attrs);
}
