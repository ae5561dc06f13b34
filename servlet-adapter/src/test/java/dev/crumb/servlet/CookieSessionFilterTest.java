package dev.crumb.servlet;

import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.crumb.CookieSessions;
import dev.crumb.KeyRing;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The filter's configuration paths, without a container. */
class CookieSessionFilterTest {

    /** A FilterConfig as a container builds it from web.xml. */
    private static FilterConfig config(String... keysAndValues) {
        Map<String, String> params = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            params.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return new FilterConfig() {
            @Override
            public String getFilterName() {
                return "crumb";
            }

            @Override
            public ServletContext getServletContext() {
                return null;
            }

            @Override
            public String getInitParameter(String name) {
                return params.get(name);
            }

            @Override
            public Enumeration<String> getInitParameterNames() {
                return Collections.enumeration(params.keySet());
            }
        };
    }

    @Test
    void badInitParameter_failsInitWithItsName() {
        ServletException e = assertThrows(ServletException.class, () -> new CookieSessionFilter()
                .init(config("keysEnvironmentVariable", "UNSET_CRUMB_TEST_VARIABLE")));
        assertTrue(e.getMessage().startsWith("CookieSessionFilter crumb: init parameter keysEnvironmentVariable:"),
                e.getMessage());
    }

    @Test
    void noInitParameters_failsInitNamingTheKeyParameters() {
        ServletException e = assertThrows(ServletException.class, () -> new CookieSessionFilter().init(config()));
        assertTrue(e.getMessage().contains("keysEnvironmentVariable") && e.getMessage().contains("keysFile"),
                e.getMessage());
    }

    @Test
    void filterConfiguredInCode_refusesInitParameters() {
        CookieSessionFilter filter = new CookieSessionFilter(CookieSessions.builder().keys(KeyRing.generate()).build());
        ServletException e = assertThrows(ServletException.class, () -> filter.init(config("idleTimeout", "5m")));
        assertTrue(e.getMessage().contains("[idleTimeout] would be ignored"), e.getMessage());
    }

    @Test
    void filterConfiguredInCode_acceptsEmptyConfig() throws Exception {
        new CookieSessionFilter(CookieSessions.builder().keys(KeyRing.generate()).build()).init(config());
    }

    @Test
    void doFilterBeforeInit_failsLoudly() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> new CookieSessionFilter().doFilter(httpRequest(), httpResponse(), (req, res) -> { }));
        assertTrue(e.getMessage().contains("init(FilterConfig)"), e.getMessage());
    }

    @Test
    void nonHttpRequests_passThroughUntouched() throws Exception {
        ServletRequest request = proxy(ServletRequest.class);
        ServletResponse response = proxy(ServletResponse.class);
        ServletRequest[] seen = new ServletRequest[1];
        new CookieSessionFilter().doFilter(request, response, (req, res) -> seen[0] = req);
        assertSame(request, seen[0]);
    }

    private static jakarta.servlet.http.HttpServletRequest httpRequest() {
        return proxy(jakarta.servlet.http.HttpServletRequest.class);
    }

    private static jakarta.servlet.http.HttpServletResponse httpResponse() {
        return proxy(jakarta.servlet.http.HttpServletResponse.class);
    }

    /** A do-nothing implementation: every method returns null, false or zero. */
    private static <T> T proxy(Class<T> type) {
        return type.cast(java.lang.reflect.Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type},
                (p, method, args) -> {
                    Class<?> r = method.getReturnType();
                    if (r == boolean.class) {
                        return false;
                    }
                    if (r == int.class || r == long.class) {
                        return r == int.class ? (Object) 0 : (Object) 0L;
                    }
                    return null;
                }));
    }
}
