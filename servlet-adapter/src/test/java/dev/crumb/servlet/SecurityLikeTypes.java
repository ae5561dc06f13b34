package dev.crumb.servlet;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The objects Spring Security keeps in the HTTP session, reduced to their shapes: a CSRF token
 * like {@code DefaultCsrfToken}, a security context holding an authenticated principal with
 * authorities, and a saved request like {@code DefaultSavedRequest}. Issue 11 found each came
 * back as a {@code LinkedHashMap}; {@link TestApp} stores and reads them through the
 * {@code HttpSession} view.
 */
final class SecurityLikeTypes {

    private SecurityLikeTypes() {}

    /** As {@code DefaultCsrfToken}: header name, parameter name, token value. */
    public record CsrfToken(String headerName, String parameterName, String token) {}

    /** As {@code SimpleGrantedAuthority}. */
    public record Authority(String authority) {}

    /** As an authenticated {@code UsernamePasswordAuthenticationToken}, credentials erased. */
    public record Authentication(String name, List<Authority> authorities, boolean authenticated) {}

    /** As {@code SecurityContextImpl}: a bean with a no-argument constructor and a setter. */
    public static final class SecurityContext {
        private Authentication authentication;

        public Authentication getAuthentication() {
            return authentication;
        }

        public void setAuthentication(Authentication authentication) {
            this.authentication = authentication;
        }
    }

    /** As {@code DefaultSavedRequest}: what to replay after login. */
    public record SavedRequest(String method, String redirectUrl, Map<String, List<String>> parameters,
                               List<Locale> locales, Instant savedAt) {}

    /** A line of a shop's cart, stored as a list. */
    public record CartItem(String sku, int quantity) {}
}
