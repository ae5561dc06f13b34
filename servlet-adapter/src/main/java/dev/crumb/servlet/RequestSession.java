package dev.crumb.servlet;

import dev.crumb.CookieSessions;
import dev.crumb.Session;
import jakarta.servlet.ServletContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.lang.System.Logger.Level;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;

/**
 * The cookie session of one request, shared by its request and response wrappers and by nested
 * dispatches of the same request. It loads the session on first use and commits it exactly once,
 * when the response is about to commit or the request ends, whichever comes first.
 *
 * <p>Methods are synchronized because an asynchronous request may finish on another thread than
 * the one that started it; the session itself still belongs to one thread at a time.
 */
final class RequestSession {

    private static final System.Logger LOG = System.getLogger(RequestSession.class.getName());

    private final CookieSessions sessions;
    private final HttpServletRequest request;
    private final HttpServletResponse response;

    /** The session the request's cookie carried (a new one if it carried none); null until first use. */
    private Session fromRequest;
    private String requestedId;
    /** The session in use: {@link #fromRequest}, or the one that replaced it after it was invalidated. */
    private Session current;
    /** Whether getSession(true) made a new {@link #current} visible to getSession(false). */
    private boolean created;
    private HttpSessionView view;
    private volatile boolean committed;
    /** When the session was committed, completing "the response headers were written when ...". */
    private String committedWhen;
    private List<String> setCookies = List.of();

    RequestSession(CookieSessions sessions, HttpServletRequest request, HttpServletResponse response) {
        this.sessions = sessions;
        this.request = request;
        this.response = response;
    }

    /**
     * The session as {@link HttpServletRequest#getSession(boolean)} sees it: null when the request
     * has none and {@code create} is false.
     *
     * @throws IllegalStateException if a session must be created after the response was committed
     */
    synchronized Session session(boolean create) {
        load();
        if (current.isInvalidated()) {
            if (!create) {
                return null;
            }
            requireUncommitted();
            // Its commit deletes the old cookie unless it writes a new one over it.
            current = sessions.replace(current);
            created = true;
            return current;
        }
        if (!current.isNew() || created) {
            return current;
        }
        if (!create) {
            return null;
        }
        requireUncommitted();
        created = true;
        return current;
    }

    synchronized HttpSession httpSession(boolean create, ServletContext context) {
        Session session = session(create);
        if (session == null) {
            return null;
        }
        if (view == null || !view.wraps(session)) {
            view = new HttpSessionView(session, sessions, context, this);
        }
        return view;
    }

    /** The id of the session the request's cookie carried, or null if it carried no valid one. */
    synchronized String requestedSessionId() {
        load();
        return requestedId;
    }

    /** Whether the requested session is still this request's session under the same id. */
    synchronized boolean isRequestedSessionIdValid() {
        load();
        return requestedId != null && current == fromRequest && !current.isInvalidated()
                && requestedId.equals(current.id());
    }

    /** Gives the current session a new id, keeping its attributes (against session fixation). */
    synchronized String changeSessionId() {
        Session session = session(false);
        if (session == null) {
            throw new IllegalStateException("the request has no session whose id could change; "
                    + "call getSession() first");
        }
        try {
            session.regenerate();
        } catch (IllegalStateException e) {
            throw tooLate("changeSessionId()", e);
        }
        return session.id();
    }

    boolean isCommitted() {
        return committed;
    }

    /**
     * The exception for a change attempted after the commit, saying when the cookie was written;
     * {@code e} (core's) unchanged if the session was not committed.
     */
    synchronized IllegalStateException tooLate(String change, IllegalStateException e) {
        if (!committed) {
            return e;
        }
        return new IllegalStateException(change + ": the session can no longer change: the response headers "
                + "were written when " + committedWhen + ", so a change now could not reach the client. "
                + "Change the session before that point", e);
    }

    /**
     * Writes the session's Set-Cookie headers (at most once). Called just before the response
     * commits: on flush, a full buffer, the content length reached, sendError, sendRedirect,
     * asynchronous completion, and at the latest when the filter chain returns.
     *
     * @param when completes "the response headers were written when ...", e.g. "the response was flushed"
     * @throws dev.crumb.SessionException if the session does not fit in its cookie
     */
    synchronized void commit(String when) {
        if (committed) {
            return;
        }
        committed = true;
        committedWhen = when;
        if (fromRequest == null) {
            return; // never used: the cookie stays as it is
        }
        List<String> headers = sessions.commit(current);
        if (headers.isEmpty()) {
            return;
        }
        if (response.isCommitted()) {
            committedWhen = "the container had already sent the response";
            LOG.log(Level.WARNING, "the response to {0} was committed before its session cookie could be "
                    + "written, so the session was not saved. Write the response through the response that "
                    + "CookieSessionFilter passed on, not the container one beneath it",
                    request.getRequestURI());
            return;
        }
        for (String header : headers) {
            response.addHeader("Set-Cookie", header);
        }
        setCookies = Collections.unmodifiableList(headers);
    }

    /**
     * Commits the session after the container sent the response without the filter seeing it
     * coming, and warns if that lost a cookie. Later changes to the session then fail instead of
     * vanishing.
     *
     * @param how completes "the container sent the response ...", e.g. "after a write of 100 bytes"
     */
    synchronized void commitTooLate(String how) {
        if (committed) {
            return;
        }
        committed = true;
        committedWhen = "the container sent the response " + how;
        if (fromRequest == null) {
            return;
        }
        boolean lost = sessions.needsWrite(current);
        current.freeze();
        if (lost) {
            LOG.log(Level.WARNING, "{0}: the session was not saved, because the container sent the response {1}, "
                    + "before its cookie could be added", request.getRequestURI(), how);
        }
    }

    /**
     * Makes a response an error, as a synchronous request's exception would, after its session
     * failed to commit on a path where the exception cannot reach the container.
     */
    synchronized void failResponse() {
        if (!response.isCommitted()) {
            response.resetBuffer();
            response.setStatus(HttpServletResponse.SC_INTERNAL_SERVER_ERROR);
        }
    }

    /** Writes the Set-Cookie headers again after {@code response.reset()} cleared them. */
    synchronized void restoreHeaders() {
        for (String header : setCookies) {
            response.addHeader("Set-Cookie", header);
        }
    }

    private void load() {
        if (fromRequest != null) {
            return;
        }
        Enumeration<String> cookies = request.getHeaders("Cookie");
        fromRequest = sessions.load(cookies == null ? List.of() : Collections.list(cookies));
        current = fromRequest;
        requestedId = fromRequest.isNew() ? null : fromRequest.id();
        if (committed) {
            // First use after the response went out: readable, but a change must fail, not vanish.
            fromRequest.freeze();
        }
    }

    private void requireUncommitted() {
        if (committed) {
            throw new IllegalStateException("cannot create a session: the response headers were written when "
                    + committedWhen + ", so its cookie could no longer be sent. Create the session before that point");
        }
    }
}
