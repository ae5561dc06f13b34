package dev.crumb.servlet;

import dev.crumb.CookieSessions;
import dev.crumb.Session;
import jakarta.servlet.ServletContext;
import jakarta.servlet.http.HttpSession;
import java.util.Collections;
import java.util.Enumeration;

/**
 * A cookie {@link Session} seen through {@link HttpSession}. See {@link CookieSessionFilter} for
 * what a stateless session can and cannot do.
 */
final class HttpSessionView implements HttpSession {

    private final Session session;
    private final CookieSessions sessions;
    private final ServletContext context;
    private final RequestSession request;

    HttpSessionView(Session session, CookieSessions sessions, ServletContext context, RequestSession request) {
        this.session = session;
        this.sessions = sessions;
        this.context = context;
        this.request = request;
    }

    boolean wraps(Session s) {
        return session == s;
    }

    /** When the session was created, or last given a new id by {@code changeSessionId()}. */
    @Override
    public long getCreationTime() {
        checkValid("getCreationTime");
        return session.createdAt().toEpochMilli();
    }

    /** The session id; still readable after {@link #invalidate()}. */
    @Override
    public String getId() {
        return session.id();
    }

    /**
     * When the session's cookie was last issued. An unchanged session's cookie is re-issued at
     * most every {@link CookieSessions#renewAfter()}, so this lags the client's latest request by
     * up to that much.
     */
    @Override
    public long getLastAccessedTime() {
        checkValid("getLastAccessedTime");
        return session.lastIssuedAt().toEpochMilli();
    }

    @Override
    public ServletContext getServletContext() {
        return context;
    }

    /**
     * Accepts only the configured idle timeout: the cookie carries no per-session timeout, so any
     * other value could not be kept.
     *
     * @throws UnsupportedOperationException for any other value
     */
    @Override
    public void setMaxInactiveInterval(int interval) {
        if (interval != getMaxInactiveInterval()) {
            throw new UnsupportedOperationException("setMaxInactiveInterval(" + interval + "): cookie sessions "
                    + "all share the idle timeout of their CookieSessions (" + getMaxInactiveInterval()
                    + " seconds); a per-session timeout cannot be kept in a stateless cookie. Configure "
                    + "idleTimeout on CookieSessions.builder() or the filter's idleTimeout init parameter");
        }
    }

    /** The idle timeout of the {@link CookieSessions}, in seconds. */
    @Override
    public int getMaxInactiveInterval() {
        return (int) Math.min(Integer.MAX_VALUE, sessions.idleTimeout().getSeconds());
    }

    /**
     * The attribute as it was put: a value put in this request is returned as it was put; a
     * value read back from the cookie is an instance of the class it was put as, when that is a
     * JDK value type or one of the {@code storableTypes} named on the {@link CookieSessions}
     * builder, and plain JSON data ({@code Map}, {@code List}, {@code String}, {@code Number},
     * {@code Boolean}) otherwise. See {@link Session#get(String)}.
     */
    @Override
    public Object getAttribute(String name) {
        checkValid("getAttribute");
        return name == null ? null : session.get(name);
    }

    @Override
    public Enumeration<String> getAttributeNames() {
        checkValid("getAttributeNames");
        return Collections.enumeration(session.attributeNames());
    }

    /**
     * Stores a value that comes back whole in the next request (null removes the attribute).
     *
     * @throws dev.crumb.SessionException naming the attribute and the fix if it would not: see
     *     {@link Session#put(String, Object)}
     * @throws IllegalStateException if the session was invalidated, or the response was already
     *     committed so that the change could no longer reach the cookie
     */
    @Override
    public void setAttribute(String name, Object value) {
        checkValid("setAttribute");
        if (name == null) {
            throw new IllegalArgumentException("attribute name must not be null");
        }
        if (value == null) {
            removeAttribute(name);
            return;
        }
        try {
            session.put(name, value);
        } catch (IllegalStateException e) {
            throw request.tooLate("setAttribute(\"" + name + "\")", e);
        }
    }

    /** Removes an attribute; removing an absent one changes nothing and never fails. */
    @Override
    public void removeAttribute(String name) {
        checkValid("removeAttribute");
        if (name != null && session.attributeNames().contains(name)) {
            try {
                session.remove(name);
            } catch (IllegalStateException e) {
                throw request.tooLate("removeAttribute(\"" + name + "\")", e);
            }
        }
    }

    /**
     * Ends the session: the response deletes its cookie. {@code request.getSession()} afterwards
     * starts a new session.
     *
     * @throws IllegalStateException if already invalidated, or if the response was committed
     */
    @Override
    public void invalidate() {
        checkValid("invalidate");
        try {
            session.invalidate();
        } catch (IllegalStateException e) {
            throw request.tooLate("invalidate()", e);
        }
    }

    @Override
    public boolean isNew() {
        checkValid("isNew");
        return session.isNew();
    }

    @Override
    public String toString() {
        return "HttpSessionView[" + session + "]";
    }

    private void checkValid(String method) {
        if (session.isInvalidated()) {
            throw new IllegalStateException(method + ": the session was invalidated");
        }
    }
}
