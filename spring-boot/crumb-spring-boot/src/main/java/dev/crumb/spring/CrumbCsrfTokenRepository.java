package dev.crumb.spring;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.security.SecureRandom;
import java.util.Base64;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.security.web.csrf.CsrfTokenRepository;
import org.springframework.security.web.csrf.DefaultCsrfToken;

/**
 * Keeps the CSRF token in the Crumb session as one string attribute of 22 characters (128 random
 * bits); the header and parameter names are Spring Security's defaults, {@value #HEADER_NAME} and
 * {@value #PARAMETER_NAME}, and are not stored. Spring Security's
 * {@code HttpSessionCsrfTokenRepository} would store the {@code CsrfToken} object itself.
 *
 * <p>The token stays secret like the rest of the session: the cookie is encrypted. Spring
 * Security's default request handler still masks it differently in every page (BREACH).
 */
public class CrumbCsrfTokenRepository implements CsrfTokenRepository {

    /** The session attribute holding the token. */
    public static final String ATTRIBUTE = "crumb.csrf";
    /** The request header a script sends the token in. */
    public static final String HEADER_NAME = "X-CSRF-TOKEN";
    /** The form parameter a page sends the token in. */
    public static final String PARAMETER_NAME = "_csrf";

    private static final SecureRandom RANDOM = new SecureRandom();

    /** A repository for requests that a {@link dev.crumb.servlet.CookieSessionFilter} wraps. */
    public CrumbCsrfTokenRepository() {}

    @Override
    public CsrfToken generateToken(HttpServletRequest request) {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return token(Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
    }

    /** Stores the token, or removes it when {@code token} is null (as at login and logout). */
    @Override
    public void saveToken(CsrfToken token, HttpServletRequest request, HttpServletResponse response) {
        if (token == null) {
            HttpSession session = request.getSession(false);
            if (session != null) {
                session.removeAttribute(ATTRIBUTE);
            }
            return;
        }
        request.getSession().setAttribute(ATTRIBUTE, token.getToken());
    }

    @Override
    public CsrfToken loadToken(HttpServletRequest request) {
        HttpSession session = request.getSession(false);
        Object value = session == null ? null : session.getAttribute(ATTRIBUTE);
        return value instanceof String ? token((String) value) : null;
    }

    private static CsrfToken token(String value) {
        return new DefaultCsrfToken(HEADER_NAME, PARAMETER_NAME, value);
    }
}
