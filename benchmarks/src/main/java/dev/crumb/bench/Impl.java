package dev.crumb.bench;

import java.util.Map;
import org.openjdk.jmh.infra.Blackhole;

/**
 * One way to keep a session in a cookie: Crumb, or a baseline a user might pick instead. Those of
 * {@link ImplKind#writesJwe()} produce a compact JWE with {@code alg} {@code dir}, the same claims
 * (sid, sub, iat, nbf, exp, auth_time, attrs) and the same header members, so Crumb opens their
 * tokens; the others (RAW, Ktor, Vert.x) have formats of their own and open only their own.
 */
public interface Impl extends AutoCloseable {

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

    /**
     * The attributes of a session that {@link #open} returned (having read them), as plain Java
     * values: maps, lists, strings, numbers. For the setup checks; not measured.
     */
    Map<String, Object> attributes(Object opened);

    /** Releases what the implementation holds (threads, for Vert.x); most hold nothing. */
    @Override
    default void close() {}
}
