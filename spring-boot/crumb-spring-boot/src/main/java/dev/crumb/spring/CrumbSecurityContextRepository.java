package dev.crumb.spring;

import dev.crumb.Session;
import dev.crumb.servlet.CookieSessionFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.springframework.security.authentication.AuthenticationTrustResolver;
import org.springframework.security.authentication.AuthenticationTrustResolverImpl;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.DeferredSecurityContext;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.web.context.HttpRequestResponseHolder;
import org.springframework.security.web.context.SecurityContextRepository;

/**
 * Keeps the authenticated user in the Crumb session compactly: the name as the session's
 * {@linkplain Session#subject() subject} (so a {@link dev.crumb.RevocationCheck} can log a user
 * out everywhere) and the authority names as one plain JSON attribute, about 20 bytes plus the
 * names. Spring Security's {@code HttpSessionSecurityContextRepository} would store the
 * {@code SecurityContext} object itself, which a cookie cannot carry as a Java type.
 *
 * <p>The context comes back as an authenticated {@link UsernamePasswordAuthenticationToken} with
 * no credentials and {@link SimpleGrantedAuthority} authorities. Its principal is a
 * {@link UserDetails} ({@link User}, so {@code @AuthenticationPrincipal UserDetails} works) when
 * the login's principal was one, else the name as a {@code String}. Other details of the original
 * {@code Authentication} (its class, its principal's other fields, {@code getDetails()}) are not
 * kept. Anonymous authentications are never stored.
 */
public class CrumbSecurityContextRepository implements SecurityContextRepository {

    /** The session attribute holding the authorities. */
    public static final String ATTRIBUTE = "crumb.auth";

    private static final String AUTHORITIES = "a";
    private static final String USER_DETAILS = "u";

    private final AuthenticationTrustResolver trustResolver = new AuthenticationTrustResolverImpl();
    private final SecurityContextHolderStrategy holder = SecurityContextHolder.getContextHolderStrategy();

    /** A repository for requests that a {@link CookieSessionFilter} wraps. */
    public CrumbSecurityContextRepository() {}

    /** Required by the interface; Spring Security 6 and later call {@link #loadDeferredContext} instead. */
    @Override
    @Deprecated
    public SecurityContext loadContext(HttpRequestResponseHolder requestResponseHolder) {
        return loadDeferredContext(requestResponseHolder.getRequest()).get();
    }

    /** The stored user, read when first needed; an empty context if there is none. */
    @Override
    public DeferredSecurityContext loadDeferredContext(HttpServletRequest request) {
        return new Deferred(() -> read(request));
    }

    /** Stores the context's user, or removes it when the context is empty or anonymous. */
    @Override
    public void saveContext(SecurityContext context, HttpServletRequest request, HttpServletResponse response) {
        Authentication authentication = context == null ? null : context.getAuthentication();
        if (authentication == null || trustResolver.isAnonymous(authentication) || !authentication.isAuthenticated()) {
            HttpSession httpSession = request.getSession(false);
            if (httpSession != null && httpSession.getAttribute(ATTRIBUTE) != null) {
                httpSession.removeAttribute(ATTRIBUTE);
                CookieSessionFilter.session(request).subject(null);
            }
            return;
        }
        List<String> authorities = new ArrayList<>();
        for (GrantedAuthority authority : authentication.getAuthorities()) {
            if (authority.getAuthority() != null) {
                authorities.add(authority.getAuthority());
            }
        }
        boolean userDetails = authentication.getPrincipal() instanceof UserDetails;
        Map<String, Object> stored = userDetails ? Map.of(AUTHORITIES, authorities, USER_DETAILS, true)
                : Map.of(AUTHORITIES, authorities);
        Session session = CookieSessionFilter.session(request);
        session.subject(authentication.getName());
        // Putting equal values again leaves the session unchanged, so no new cookie is written.
        session.put(ATTRIBUTE, stored);
    }

    @Override
    public boolean containsContext(HttpServletRequest request) {
        HttpSession httpSession = request.getSession(false);
        return httpSession != null && httpSession.getAttribute(ATTRIBUTE) != null;
    }

    private SecurityContext read(HttpServletRequest request) {
        SecurityContext context = holder.createEmptyContext();
        if (request.getSession(false) == null) {
            return context;
        }
        Session session = CookieSessionFilter.session(request);
        Object stored = session.get(ATTRIBUTE);
        String name = session.subject().orElse(null);
        if (!(stored instanceof Map<?, ?> map) || name == null || name.isEmpty()) {
            return context;
        }
        List<GrantedAuthority> authorities = new ArrayList<>();
        if (map.get(AUTHORITIES) instanceof Collection<?> granted) {
            for (Object authority : granted) {
                if (authority instanceof String role) {
                    authorities.add(new SimpleGrantedAuthority(role));
                }
            }
        }
        Object principal = Boolean.TRUE.equals(map.get(USER_DETAILS))
                ? User.withUsername(name).password("").authorities(authorities).build() : name;
        context.setAuthentication(UsernamePasswordAuthenticationToken.authenticated(principal, null, authorities));
        return context;
    }

    /** The context, loaded from the cookie on first use. */
    private final class Deferred implements DeferredSecurityContext {
        private final Supplier<SecurityContext> loader;
        private SecurityContext context;
        private boolean generated;

        Deferred(Supplier<SecurityContext> loader) {
            this.loader = loader;
        }

        @Override
        public SecurityContext get() {
            if (context == null) {
                context = loader.get();
                generated = context.getAuthentication() == null;
            }
            return context;
        }

        @Override
        public boolean isGenerated() {
            get();
            return generated;
        }
    }
}
