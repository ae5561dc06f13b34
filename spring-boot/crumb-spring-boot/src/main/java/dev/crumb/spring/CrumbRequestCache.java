package dev.crumb.spring;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.security.web.savedrequest.RequestCache;
import org.springframework.security.web.savedrequest.SavedRequest;

/**
 * Remembers the page a user asked for before logging in, as its path (below the context path)
 * and query only: a GET request's URL of at most {@value #MAX_URL_LENGTH} characters, nothing else. Spring Security's
 * {@code HttpSessionRequestCache} stores every header and cookie of the request, which would copy
 * the session cookie into itself and grow the session past any cookie's limit.
 *
 * <p>Other requests (a POST, a longer URL) are not saved, and the user lands on the login's
 * default page instead. The saved URL is a path on this application, so the redirect after login
 * cannot leave it.
 */
public class CrumbRequestCache implements RequestCache {

    /** The session attribute holding the saved URL. */
    public static final String ATTRIBUTE = "crumb.saved";
    /** The longest URL saved, in characters. */
    public static final int MAX_URL_LENGTH = 512;

    /** A cache for requests that a {@link dev.crumb.servlet.CookieSessionFilter} wraps. */
    public CrumbRequestCache() {}

    @Override
    public void saveRequest(HttpServletRequest request, HttpServletResponse response) {
        String url = url(request);
        if (url != null) {
            request.getSession().setAttribute(ATTRIBUTE, url);
        }
    }

    @Override
    public SavedRequest getRequest(HttpServletRequest request, HttpServletResponse response) {
        String url = saved(request);
        return url == null ? null : new SavedUrl(url);
    }

    /** The request itself if it asks for the saved URL again (the redirect after login); the URL is then forgotten. */
    @Override
    public HttpServletRequest getMatchingRequest(HttpServletRequest request, HttpServletResponse response) {
        String url = saved(request);
        if (url == null || !url.equals(url(request))) {
            return null;
        }
        removeRequest(request, response);
        return request;
    }

    @Override
    public void removeRequest(HttpServletRequest request, HttpServletResponse response) {
        HttpSession session = request.getSession(false);
        if (session != null) {
            session.removeAttribute(ATTRIBUTE);
        }
    }

    /** The path and query of a GET request worth returning to, or null. */
    private static String url(HttpServletRequest request) {
        if (!"GET".equals(request.getMethod())) {
            return null;
        }
        // Relative to the context path, as Spring Security's redirect strategy prepends it.
        String path = request.getRequestURI();
        String context = request.getContextPath();
        if (!context.isEmpty() && path.startsWith(context)) {
            path = path.length() == context.length() ? "/" : path.substring(context.length());
        }
        String query = request.getQueryString();
        String url = query == null ? path : path + "?" + query;
        // Only a path on this host: never "//host" or "/\host", which browsers treat as another site.
        if (url.length() > MAX_URL_LENGTH || !url.startsWith("/") || url.startsWith("//") || url.indexOf('\\') >= 0) {
            return null;
        }
        return url;
    }

    private static String saved(HttpServletRequest request) {
        HttpSession session = request.getSession(false);
        Object url = session == null ? null : session.getAttribute(ATTRIBUTE);
        return url instanceof String ? (String) url : null;
    }

    /** A saved GET request: its URL and nothing else. */
    private static final class SavedUrl implements SavedRequest {
        private static final long serialVersionUID = 1L;

        private final String url;

        SavedUrl(String url) {
            this.url = url;
        }

        @Override
        public String getRedirectUrl() {
            return url;
        }

        @Override
        public List<Cookie> getCookies() {
            return List.of();
        }

        @Override
        public String getMethod() {
            return "GET";
        }

        @Override
        public List<String> getHeaderValues(String name) {
            return List.of();
        }

        @Override
        public Collection<String> getHeaderNames() {
            return List.of();
        }

        @Override
        public List<Locale> getLocales() {
            return List.of();
        }

        @Override
        public String[] getParameterValues(String name) {
            return null;
        }

        @Override
        public Map<String, String[]> getParameterMap() {
            return Map.of();
        }
    }
}
