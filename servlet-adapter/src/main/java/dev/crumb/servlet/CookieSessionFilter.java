package dev.crumb.servlet;

import dev.crumb.CookieSessions;
import dev.crumb.Session;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletRequestWrapper;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.ServletResponseWrapper;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Keeps each request's {@link jakarta.servlet.http.HttpSession} in an encrypted cookie instead of
 * the container's memory. Register it first in the filter chain; application code keeps calling
 * {@code request.getSession()}.
 *
 * <h2>Registering</h2>
 * In code, with a {@link CookieSessions} built once for the application:
 * <pre>{@code
 * FilterRegistration.Dynamic crumb = servletContext.addFilter("crumb", new CookieSessionFilter(sessions));
 * crumb.setAsyncSupported(true);
 * crumb.addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST, DispatcherType.ASYNC), false, "/*");
 * }</pre>
 * or in {@code web.xml}, configured by init parameters:
 * <pre>{@code
 * <filter>
 *   <filter-name>crumb</filter-name>
 *   <filter-class>dev.crumb.servlet.CookieSessionFilter</filter-class>
 *   <async-supported>true</async-supported>
 *   <init-param><param-name>keysEnvironmentVariable</param-name><param-value>CRUMB_KEYS</param-value></init-param>
 *   <init-param><param-name>idleTimeout</param-name><param-value>30m</param-value></init-param>
 * </filter>
 * <filter-mapping>
 *   <filter-name>crumb</filter-name>
 *   <url-pattern>/*</url-pattern>
 *   <dispatcher>REQUEST</dispatcher>
 *   <dispatcher>ASYNC</dispatcher>
 * </filter-mapping>
 * }</pre>
 *
 * <h2>Init parameters</h2>
 * Used only by the no-argument constructor; an unknown or malformed parameter fails
 * {@link #init} with a message that names it. Durations are a number with a unit ({@code 90s},
 * {@code 30m}, {@code 12h}, {@code 7d}) or ISO-8601 ({@code PT30M}).
 * <table>
 *   <caption>Init parameters</caption>
 *   <tr><th>name</th><th>value</th><th>default</th></tr>
 *   <tr><td>{@code keysEnvironmentVariable}</td><td>name of an environment variable holding a JWK Set
 *       ({@link dev.crumb.KeyRing#fromJwkSet})</td><td rowspan="2">one of the two is required</td></tr>
 *   <tr><td>{@code keysFile}</td><td>path of a file holding a JWK Set</td></tr>
 *   <tr><td>{@code cookieName}</td><td>the cookie's name</td><td>{@code __Host-session}</td></tr>
 *   <tr><td>{@code cookiePath}, {@code cookieDomain}</td><td>Path and Domain attributes</td><td>{@code /}, none</td></tr>
 *   <tr><td>{@code cookieSameSite}</td><td>{@code Strict}, {@code Lax} or {@code None}</td><td>{@code Lax}</td></tr>
 *   <tr><td>{@code cookieHttpOnly}, {@code cookiePartitioned}, {@code cookiePersistent}</td><td>{@code true} or
 *       {@code false}</td><td>{@code true}, {@code false}, {@code false}</td></tr>
 *   <tr><td>{@code insecureAllowPlainHttp}</td><td>{@code true} drops Secure, for local development over plain
 *       HTTP only</td><td>{@code false}</td></tr>
 *   <tr><td>{@code idleTimeout}, {@code absoluteTimeout}, {@code renewAfter}, {@code clockSkew}</td>
 *       <td>durations, see {@link CookieSessions.Builder}</td><td>30m, 12h, min(5m, idle/2), 30s</td></tr>
 *   <tr><td>{@code maxCookieBytes}, {@code chunking}</td><td>see {@link CookieSessions.Builder}</td>
 *       <td>4096, off</td></tr>
 *   <tr><td>{@code audience}</td><td>the application the sessions belong to
 *       ({@link CookieSessions.Builder#audience})</td><td>the context path ({@code /} for the root)</td></tr>
 *   <tr><td>{@code storableTypes}</td><td>package prefixes ending in a dot and class names, separated by
 *       commas or spaces, whose objects come back as the same type
 *       ({@link CookieSessions.Builder#storableTypes})</td><td>none</td></tr>
 * </table>
 *
 * <h2>One session per application</h2>
 * Every token is bound to an audience, by default the webapp's context path, inside its
 * authenticated payload (the JWT {@code aud} claim). Two webapps on one host with the same keys
 * and cookie name see each other's cookies ({@code Path=/}), but a session sealed by one is
 * rejected by the other ({@link dev.crumb.RejectReason#WRONG_COOKIE}) and the other starts its own.
 * To share sessions across webapps on purpose, give their filters the same {@code audience}
 * parameter (and the same keys and cookie). A filter given its {@link CookieSessions} in code uses
 * that instance's audience, none unless {@link CookieSessions.Builder#audience} was called: set it
 * there, e.g. to {@code servletContext.getContextPath()}.
 *
 * <h2>What works</h2>
 * <ul>
 *   <li>{@code getSession()}, {@code getSession(false)} (null while the request has no session: no valid
 *       cookie and no {@code getSession(true)} yet), {@code changeSessionId()} (a new id and creation
 *       time, attributes kept; call it at login), {@code getRequestedSessionId()} (the id in the request's
 *       valid cookie, else null), {@code isRequestedSessionIdValid()}, {@code isRequestedSessionIdFromCookie()};
 *       {@code isRequestedSessionIdFromURL()} is always false.</li>
 *   <li>On the session: attributes, {@code invalidate()} (the response deletes the cookie), {@code isNew()},
 *       {@code getCreationTime()}, {@code getLastAccessedTime()} (when the cookie was last issued),
 *       {@code getId()}, {@code getMaxInactiveInterval()}. Methods other than {@code getId()} and the
 *       max-inactive-interval pair throw {@link IllegalStateException} once the session is invalidated.</li>
 *   <li>Attribute values must be serializable by Jackson; {@code setAttribute} rejects others at once with an
 *       {@link IllegalArgumentException} naming the attribute. Values come back from the cookie as JSON data
 *       ({@code Map}, {@code List}, {@code String}, {@code Number}, {@code Boolean}); read them typed through
 *       {@link #session(HttpServletRequest)} and {@link Session#get(String, Class)}.</li>
 *   <li>A request whose cookie is missing, tampered with, expired or unreadable gets a new empty session,
 *       never an error; the reason is logged at DEBUG.</li>
 * </ul>
 *
 * <h2>When the cookie is written</h2>
 * The Set-Cookie header must go out with the response headers, so the session is committed just before
 * the response is: on the first flush, when the body could fill the buffer or reach the Content-Length,
 * on {@code sendError} and {@code sendRedirect}, on {@code AsyncContext.complete()}, before a
 * {@code forward} through {@code request.getRequestDispatcher(path)} (Tomcat finishes a forwarded
 * response behind every wrapper's back), and at the latest when the filter chain returns. From then on
 * the session is read-only: a change throws {@link IllegalStateException} saying when the headers were
 * written, instead of being lost. So a forward target can read the session but not change it; forward
 * through the request's dispatcher, not the {@code ServletContext}'s, which the filter cannot see.
 *
 * <p>A request that never asks for its session leaves the cookie alone: nothing is decrypted and the
 * cookie is not renewed. A new session that holds nothing is not written at all, so the next request
 * starts without one. A session too large for its cookie throws {@link dev.crumb.SessionException}
 * out of the write, flush, redirect or chain that committed it.
 *
 * <p>Asynchronous requests: the filter must be registered with {@code asyncSupported}; the
 * {@code AsyncContext} that {@code startAsync()} returns commits the session in {@code complete()}. After
 * {@code AsyncContext.dispatch()}, the session is committed only if the filter is also mapped to the
 * {@code ASYNC} dispatcher type (as above); otherwise a change made during the dispatch is lost and logged
 * as a warning. Map it to {@code ERROR} too if error pages read the session.
 *
 * <h2>What cannot work without server state</h2>
 * <ul>
 *   <li>No {@code HttpSessionListener}, {@code HttpSessionAttributeListener},
 *       {@code HttpSessionBindingListener}, {@code HttpSessionActivationListener} or {@code HttpSessionIdListener}
 *       events: the server never learns that a cookie expired, and attributes are stored as JSON, not as the
 *       objects that were put.</li>
 *   <li>No per-session timeout: every session has the configured idle timeout, and
 *       {@code setMaxInactiveInterval} throws {@link UnsupportedOperationException} for any other value rather
 *       than pretend.</li>
 *   <li>No server-side logout of other copies: invalidating deletes this client's cookie, but a copy of the
 *       cookie taken earlier stays valid until it expires unless the {@link CookieSessions} has a revocation
 *       check.</li>
 *   <li>Container features that use the container's own session (FORM login, cross-context dispatch) keep
 *       using it.</li>
 * </ul>
 *
 * <p>The filter is thread-safe; each request's session belongs to that request.
 */
public final class CookieSessionFilter implements Filter {

    private static final AtomicInteger INSTANCES = new AtomicInteger();

    /** Request attribute holding this filter's per-request state, found again on nested dispatches. */
    private final String stateAttribute =
            CookieSessionFilter.class.getName() + ".state#" + INSTANCES.incrementAndGet();
    private final boolean configuredInCode;
    private volatile CookieSessions sessions;

    /** A filter configured from its init parameters in {@link #init}, as a container makes it from {@code web.xml}. */
    public CookieSessionFilter() {
        this.configuredInCode = false;
    }

    /**
     * A filter using {@code sessions}; it takes no init parameters.
     *
     * @param sessions the application's cookie sessions, built once
     */
    public CookieSessionFilter(CookieSessions sessions) {
        this.sessions = Objects.requireNonNull(sessions, "sessions");
        this.configuredInCode = true;
    }

    /**
     * Reads the init parameters, unless the filter was given its {@link CookieSessions} in code.
     *
     * @throws ServletException naming the parameter at fault and the fix, if a parameter is unknown,
     *     malformed or missing, or if parameters are given to a filter configured in code
     */
    @Override
    public void init(FilterConfig config) throws ServletException {
        Map<String, String> parameters = new LinkedHashMap<>();
        for (String name : Collections.list(config.getInitParameterNames())) {
            parameters.put(name, config.getInitParameter(name));
        }
        if (configuredInCode) {
            if (!parameters.isEmpty()) {
                throw new ServletException("CookieSessionFilter " + config.getFilterName() + " was given its "
                        + "CookieSessions in code, so its init parameters " + parameters.keySet() + " would be "
                        + "ignored; remove them, or register the filter by class to configure it from them");
            }
            return;
        }
        try {
            ServletContext context = config.getServletContext();
            sessions = FilterSettings.cookieSessions(parameters, System::getenv,
                    context == null ? "" : context.getContextPath());
        } catch (IllegalArgumentException e) {
            throw new ServletException("CookieSessionFilter " + config.getFilterName() + ": " + e.getMessage(), e);
        }
    }

    /** Wraps the request and response so that sessions live in the cookie, and commits the session at the end. */
    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
            throws IOException, ServletException {
        if (!(req instanceof HttpServletRequest request) || !(res instanceof HttpServletResponse response)) {
            chain.doFilter(req, res);
            return;
        }
        if (request.getAttribute(stateAttribute) instanceof RequestSession existing) {
            redispatch(existing, request, response, chain);
            return;
        }
        CookieSessions sessions = this.sessions;
        if (sessions == null) {
            throw new IllegalStateException("CookieSessionFilter was not initialized: the container must call "
                    + "init(FilterConfig) first, or construct the filter with a CookieSessions");
        }
        RequestSession state = new RequestSession(sessions, request, response);
        request.setAttribute(stateAttribute, state);
        SessionResponse wrappedResponse = new SessionResponse(response, state);
        filterAndCommit(new SessionRequest(request, wrappedResponse, state), wrappedResponse, chain, state);
    }

    @Override
    public void destroy() {
        // Nothing to release: the filter holds no per-session state.
    }

    /**
     * The request's cookie session, for what {@link jakarta.servlet.http.HttpSession} cannot say:
     * typed attributes ({@link Session#get(String, Class)}) and the subject. Like
     * {@code request.getSession()}, it creates the session if the request has none.
     *
     * @param request the request, or any wrapper of it, from a chain this filter runs in
     * @return the request's session; the same object for the whole request unless it is invalidated
     * @throws IllegalStateException if no {@code CookieSessionFilter} wraps the request, or a new
     *     session is needed after the response was committed
     */
    public static Session session(HttpServletRequest request) {
        ServletRequest r = request;
        while (true) {
            if (r instanceof SessionRequest sessionRequest) {
                return sessionRequest.state().session(true);
            }
            if (!(r instanceof ServletRequestWrapper wrapper)) {
                throw new IllegalStateException("no CookieSessionFilter wraps this request; map the filter to "
                        + "its URL, first in the filter chain");
            }
            r = wrapper.getRequest();
        }
    }

    @Override
    public String toString() {
        return "CookieSessionFilter[" + sessions + "]";
    }

    /** A forward, include, error or async dispatch of a request this filter already wraps. */
    private static void redispatch(RequestSession state, HttpServletRequest request, HttpServletResponse response,
            FilterChain chain) throws IOException, ServletException {
        // A dispatch the application started passes our wrappers on; one the container started
        // (an error page, say) passes its own objects, which need wrapping again.
        HttpServletResponse wrappedResponse = wrapsOurs(response, state)
                ? response : new SessionResponse(response, state);
        HttpServletRequest wrappedRequest = wrapsOurs(request, state)
                ? request : new SessionRequest(request, wrappedResponse, state);
        if (request.getDispatcherType() == DispatcherType.ASYNC) {
            filterAndCommit(wrappedRequest, wrappedResponse, chain, state);
        } else {
            chain.doFilter(wrappedRequest, wrappedResponse);
        }
    }

    /**
     * Runs the chain, then commits the session unless the request went asynchronous (its
     * {@code complete()} or a later ASYNC dispatch commits it then).
     */
    private static void filterAndCommit(HttpServletRequest request, HttpServletResponse response, FilterChain chain,
            RequestSession state) throws IOException, ServletException {
        try {
            chain.doFilter(request, response);
        } catch (Throwable t) {
            if (!request.isAsyncStarted()) {
                try {
                    state.commit("the request failed");
                } catch (RuntimeException e) {
                    t.addSuppressed(e);
                }
            }
            throw t;
        }
        if (!request.isAsyncStarted()) {
            state.commit("the request was handled");
        }
    }

    private static boolean wrapsOurs(ServletRequest request, RequestSession state) {
        for (ServletRequest r = request; r != null;
             r = r instanceof ServletRequestWrapper w ? w.getRequest() : null) {
            if (r instanceof SessionRequest ours && ours.state() == state) {
                return true;
            }
        }
        return false;
    }

    private static boolean wrapsOurs(ServletResponse response, RequestSession state) {
        for (ServletResponse r = response; r != null;
             r = r instanceof ServletResponseWrapper w ? w.getResponse() : null) {
            if (r instanceof SessionResponse ours && ours.state() == state) {
                return true;
            }
        }
        return false;
    }
}
