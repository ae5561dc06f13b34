package dev.crumb.spring;

import org.springframework.context.ApplicationContext;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.annotation.web.configurers.CsrfConfigurer;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.security.web.csrf.CsrfFilter;
import org.springframework.security.web.savedrequest.RequestCache;

/**
 * Points every {@code HttpSecurity} the application builds at Crumb's compact
 * {@link CrumbSecurityContextRepository}, {@link CrumbCsrfTokenRepository} and
 * {@link CrumbRequestCache}, so an application's own {@code SecurityFilterChain} needs no change.
 *
 * <p>Spring Security applies this configurer to each {@code HttpSecurity} it creates, because
 * {@code META-INF/spring.factories} lists it as a default {@code AbstractHttpConfigurer}. It acts
 * when it is attached, before the application's configuration code runs, so whatever that code
 * sets explicitly ({@code csrf(c -> c.csrfTokenRepository(...))}, {@code csrf(c -> c.disable())},
 * {@code securityContext(...)}, {@code requestCache(...)}) still wins. It does nothing unless the
 * Crumb auto-configuration made those beans (see {@code crumb.security.enabled}).
 *
 * <p>It also adds a filter that stores a failed login's exception as its message only (see
 * {@code AuthenticationExceptionFilter}): the exception object does not fit in a cookie.
 */
public class CrumbHttpConfigurer extends AbstractHttpConfigurer<CrumbHttpConfigurer, HttpSecurity> {

    /** Created by Spring Security from {@code META-INF/spring.factories}. */
    public CrumbHttpConfigurer() {}

    /**
     * Attaches to {@code http} and installs the Crumb repositories. This happens here rather than
     * in {@code init}, because the session-management configurer reads the security context
     * repository in its own {@code init}, which runs first.
     */
    @Override
    public void setBuilder(HttpSecurity http) {
        super.setBuilder(http);
        ApplicationContext context = http.getSharedObject(ApplicationContext.class);
        if (context == null) {
            return;
        }
        CrumbSecurityContextRepository securityContext =
                context.getBeanProvider(CrumbSecurityContextRepository.class).getIfAvailable();
        if (securityContext != null) {
            http.setSharedObject(SecurityContextRepository.class, securityContext);
        }
        CrumbRequestCache requestCache = context.getBeanProvider(CrumbRequestCache.class).getIfAvailable();
        if (requestCache != null) {
            http.setSharedObject(RequestCache.class, requestCache);
        }
        CrumbCsrfTokenRepository csrfTokens = context.getBeanProvider(CrumbCsrfTokenRepository.class).getIfAvailable();
        @SuppressWarnings("unchecked")
        CsrfConfigurer<HttpSecurity> csrf = http.getConfigurer(CsrfConfigurer.class);
        if (csrfTokens != null && csrf != null) {
            csrf.csrfTokenRepository(csrfTokens);
        }
        if (securityContext != null) {
            // Ahead of every authentication filter, whose failure handler stores the exception.
            http.addFilterAfter(new AuthenticationExceptionFilter(), CsrfFilter.class);
        }
    }
}
