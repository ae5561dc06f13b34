package dev.crumb.spring;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.util.Enumeration;
import java.util.Map;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.WebAttributes;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Stores a failed login's {@link AuthenticationException} in the session as its message only,
 * a map {@code {"message": "..."}}, under {@link WebAttributes#AUTHENTICATION_EXCEPTION}. Spring
 * Security's failure handler stores the exception object itself, stack trace and all, which a
 * cookie can neither hold nor give back; a login page reading
 * {@code SPRING_SECURITY_LAST_EXCEPTION.message} through EL or SpEL still finds it.
 */
final class AuthenticationExceptionFilter extends OncePerRequestFilter {

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        chain.doFilter(new HttpServletRequestWrapper(request) {
            @Override
            public HttpSession getSession(boolean create) {
                HttpSession session = super.getSession(create);
                return session == null ? null : new CompactSession(session);
            }

            @Override
            public HttpSession getSession() {
                return getSession(true);
            }
        }, response);
    }

    /** The request's session, with the exception attribute made compact. */
    private static final class CompactSession implements HttpSession {
        private final HttpSession session;

        CompactSession(HttpSession session) {
            this.session = session;
        }

        @Override
        public void setAttribute(String name, Object value) {
            if (WebAttributes.AUTHENTICATION_EXCEPTION.equals(name) && value instanceof AuthenticationException failure) {
                String message = failure.getMessage();
                session.setAttribute(name, Map.of("message", message == null ? "" : message));
                return;
            }
            session.setAttribute(name, value);
        }

        @Override
        public long getCreationTime() {
            return session.getCreationTime();
        }

        @Override
        public String getId() {
            return session.getId();
        }

        @Override
        public long getLastAccessedTime() {
            return session.getLastAccessedTime();
        }

        @Override
        public ServletContext getServletContext() {
            return session.getServletContext();
        }

        @Override
        public void setMaxInactiveInterval(int interval) {
            session.setMaxInactiveInterval(interval);
        }

        @Override
        public int getMaxInactiveInterval() {
            return session.getMaxInactiveInterval();
        }

        @Override
        public Object getAttribute(String name) {
            return session.getAttribute(name);
        }

        @Override
        public Enumeration<String> getAttributeNames() {
            return session.getAttributeNames();
        }

        @Override
        public void removeAttribute(String name) {
            session.removeAttribute(name);
        }

        @Override
        public void invalidate() {
            session.invalidate();
        }

        @Override
        public boolean isNew() {
            return session.isNew();
        }
    }
}
