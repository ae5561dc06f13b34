package dev.crumb.servlet;

import dev.crumb.CookieSessions;
import dev.crumb.CookieSpec;
import dev.crumb.KeyRing;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterRegistration;
import jakarta.servlet.ServletContainerInitializer;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.ServletRegistration;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The application both containers run, deployed the same way in each: a {@link CookieSessionFilter}
 * built in code on {@code /s/*}, one configured from init parameters on {@code /x/*}, and one
 * servlet with a route per case.
 */
final class TestApp implements ServletContainerInitializer {

    static final Instant NOW = Instant.parse("2030-01-01T00:00:00Z");
    static final CookieSpec COOKIE = CookieSpec.named("session")
            .insecureAllowPlainHttp() // the test servers speak plain HTTP
            .withSameSite("Strict")
            .withPersistent(true);
    static final CookieSessions SESSIONS = CookieSessions.builder()
            .keys(KeyRing.generate())
            .cookie(COOKIE)
            .clock(Clock.fixed(NOW, ZoneOffset.UTC))
            .idleTimeout(Duration.ofMinutes(30))
            .absoluteTimeout(Duration.ofHours(12))
            .storableTypes(Profile.class, SecurityLikeTypes.CsrfToken.class, SecurityLikeTypes.Authority.class,
                    SecurityLikeTypes.Authentication.class, SecurityLikeTypes.SecurityContext.class,
                    SecurityLikeTypes.SavedRequest.class, SecurityLikeTypes.CartItem.class)
            .build();
    static final String XML_COOKIE = "xml-session";

    /** What a servlet saw after its response had gone out, by probe id; the test waits on it. */
    private static final Map<String, CompletableFuture<String>> PROBES = new ConcurrentHashMap<>();

    private final Path keysFile;

    TestApp(Path keysFile) {
        this.keysFile = keysFile;
    }

    static CompletableFuture<String> probe(String id) {
        return PROBES.computeIfAbsent(id, k -> new CompletableFuture<>());
    }

    @Override
    public void onStartup(Set<Class<?>> classes, ServletContext context) {
        FilterRegistration.Dynamic crumb = context.addFilter("crumb", new CookieSessionFilter(SESSIONS));
        crumb.setAsyncSupported(true);
        crumb.addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST, DispatcherType.ASYNC), false, "/s/*");

        // As web.xml would: the container instantiates the filter and passes it the parameters.
        FilterRegistration.Dynamic xml = context.addFilter("crumb-xml", CookieSessionFilter.class);
        xml.setInitParameter("keysFile", keysFile.toString());
        xml.setInitParameter("cookieName", XML_COOKIE);
        xml.setInitParameter("insecureAllowPlainHttp", "true");
        xml.setInitParameter("idleTimeout", "20m");
        xml.addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST), false, "/x/*");

        ServletRegistration.Dynamic app = context.addServlet("app", new AppServlet());
        app.setAsyncSupported(true);
        app.addMapping("/s/*", "/x/*");
    }

    /** A value Jackson maps to and from JSON, for typed reads. */
    public record Profile(String name, int age) {}

    /** A value Jackson cannot serialize: it refers to itself. */
    public static final class Loop {
        public Loop getSelf() {
            return this;
        }
    }

    /** One route per case; each one's comment says what it exercises. */
    static final class AppServlet extends HttpServlet {

        @Override
        protected void service(HttpServletRequest req, HttpServletResponse res) throws IOException, ServletException {
            res.setContentType("text/plain;charset=UTF-8");
            String user = req.getParameter("user");
            switch (req.getPathInfo()) {
                case "/container" -> {
                    ServletContext context = req.getServletContext();
                    res.getWriter().print(context.getServerInfo() + ", Servlet " + context.getMajorVersion() + "."
                            + context.getMinorVersion());
                }
                case "/login" -> {
                    req.getSession().setAttribute("user", user);
                    res.getWriter().print("ok");
                }
                case "/whoami" -> {
                    HttpSession session = req.getSession(false);
                    res.getWriter().print(session == null ? "none" : session.getAttribute("user"));
                }
                case "/logout" -> {
                    HttpSession session = req.getSession(false);
                    if (session != null) {
                        session.invalidate();
                    }
                    res.getWriter().print("bye");
                }
                case "/count" -> count(req, res);
                case "/info" -> info(req, res);
                case "/peek" -> peek(req, res);
                case "/relogin" -> relogin(req, res);
                case "/rotate" -> rotate(req, res);
                case "/big" -> big(req, res, user);
                case "/half-buffer" -> {
                    req.getSession().setAttribute("user", user);
                    byte[] body = new byte[res.getBufferSize() / 2];
                    Arrays.fill(body, (byte) 'h');
                    res.getOutputStream().write(body);
                }
                case "/big-chunks" -> bigChunks(req, res, user);
                case "/big-writer" -> bigWriter(req, res, user);
                case "/content-length" -> contentLength(req, res, user);
                case "/late" -> late(req, res);
                case "/late-new" -> lateNew(req, res);
                case "/redirect" -> {
                    req.getSession().setAttribute("user", user);
                    res.sendRedirect("whoami");
                }
                case "/redirect-6.1" -> redirect61(req, res, user);
                case "/error" -> {
                    req.getSession().setAttribute("user", user);
                    res.sendError(HttpServletResponse.SC_CONFLICT, "conflict");
                }
                case "/forward" -> {
                    req.getSession().setAttribute("user", user);
                    req.getRequestDispatcher("/s/whoami").forward(req, res);
                }
                case "/reset" -> reset(req, res, user);
                case "/async" -> async(req, user);
                case "/async-flush" -> asyncFlush(req, user);
                case "/async-dispatch" -> {
                    AsyncContext async = req.startAsync();
                    String target = req.getServletPath() + "/login";
                    async.start(() -> async.dispatch(target));
                }
                case "/async-too-large" -> asyncTooLarge(req);
                case "/unserializable" -> unserializable(req, res);
                case "/typed-put" -> typedPut(req, res);
                case "/typed-get" -> typedGet(req, res);
                case "/too-large" -> {
                    char[] blob = new char[5000];
                    Arrays.fill(blob, 'x');
                    req.getSession().setAttribute("blob", new String(blob));
                    res.getWriter().print("stored");
                }
                case "/max-inactive" -> maxInactive(req, res);
                case "/profile-set" -> {
                    CookieSessionFilter.session(req).put("profile", new Profile("ada", 36));
                    res.getWriter().print("ok");
                }
                case "/profile-get" -> {
                    Object raw = req.getSession().getAttribute("profile");
                    Profile profile = CookieSessionFilter.session(req).get("profile", Profile.class);
                    res.getWriter().print(raw.getClass().getSimpleName() + " " + profile);
                }
                default -> res.sendError(HttpServletResponse.SC_NOT_FOUND);
            }
        }

        /** A counter per session, for the concurrency test. */
        private static void count(HttpServletRequest req, HttpServletResponse res) throws IOException {
            HttpSession session = req.getSession();
            Number n = (Number) session.getAttribute("n");
            int next = n == null ? 1 : n.intValue() + 1;
            session.setAttribute("n", next);
            res.getWriter().print(session.getAttribute("user") + ":" + next);
        }

        /** The requested-session-id methods and the current id. */
        private static void info(HttpServletRequest req, HttpServletResponse res) throws IOException {
            HttpSession session = req.getSession(false);
            res.getWriter().print(req.getRequestedSessionId() + " " + req.isRequestedSessionIdValid() + " "
                    + req.isRequestedSessionIdFromCookie() + " " + req.isRequestedSessionIdFromURL() + " "
                    + (session == null ? "none" : session.getId()));
        }

        /** getSession(false) before and after getSession(true) on a request without a session. */
        private static void peek(HttpServletRequest req, HttpServletResponse res) throws IOException {
            HttpSession before = req.getSession(false);
            HttpSession created = req.getSession(true);
            HttpSession after = req.getSession(false);
            res.getWriter().print((before == null) + " " + (after == created) + " " + created.isNew());
        }

        /** Invalidate and start a new session in one request. */
        private static void relogin(HttpServletRequest req, HttpServletResponse res) throws IOException {
            HttpSession old = req.getSession();
            old.invalidate();
            String afterInvalidate;
            try {
                old.getAttribute("user");
                afterInvalidate = "readable";
            } catch (IllegalStateException e) {
                afterInvalidate = "ISE";
            }
            boolean gone = req.getSession(false) == null;
            HttpSession fresh = req.getSession(true);
            fresh.setAttribute("user", "fresh");
            res.getWriter().print(afterInvalidate + " " + (old.getId() != null) + " " + gone + " "
                    + (fresh != old) + " " + fresh.isNew());
        }

        private static void rotate(HttpServletRequest req, HttpServletResponse res) throws IOException {
            HttpSession session = req.getSession(false);
            String before = session.getId();
            String after = req.changeSessionId();
            res.getWriter().print(before + " " + after + " " + session.getId() + " " + session.getAttribute("user"));
        }

        /** One write of four buffers' worth. */
        private static void big(HttpServletRequest req, HttpServletResponse res, String user) throws IOException {
            req.getSession().setAttribute("user", user);
            byte[] body = new byte[4 * res.getBufferSize()];
            Arrays.fill(body, (byte) 'a');
            res.getOutputStream().write(body);
        }

        /** Small writes until three buffers' worth. */
        private static void bigChunks(HttpServletRequest req, HttpServletResponse res, String user) throws IOException {
            req.getSession().setAttribute("user", user);
            byte[] chunk = new byte[100];
            Arrays.fill(chunk, (byte) 'b');
            ServletOutputStream out = res.getOutputStream();
            int chunks = 3 * res.getBufferSize() / chunk.length;
            for (int i = 0; i < chunks; i++) {
                out.write(chunk);
            }
        }

        /** Lines of text until three buffers' worth. */
        private static void bigWriter(HttpServletRequest req, HttpServletResponse res, String user) throws IOException {
            req.getSession().setAttribute("user", user);
            PrintWriter writer = res.getWriter();
            String line = "c".repeat(63);
            int lines = 3 * res.getBufferSize() / 64;
            for (int i = 0; i < lines; i++) {
                writer.println(line);
            }
        }

        /** The body reaches the Content-Length, which sends the response; then a late change. */
        private static void contentLength(HttpServletRequest req, HttpServletResponse res, String user)
                throws IOException {
            HttpSession session = req.getSession();
            session.setAttribute("user", user);
            byte[] body = "0123456789".getBytes(StandardCharsets.US_ASCII);
            res.setContentLength(body.length);
            res.getOutputStream().write(body);
            probe(req.getParameter("probe")).complete(tryLateChange(session));
        }

        /** A change after the response was flushed must fail, not vanish. */
        private static void late(HttpServletRequest req, HttpServletResponse res) throws IOException {
            PrintWriter writer = res.getWriter();
            writer.print("sent ");
            res.flushBuffer();
            writer.print(tryLateChange(req.getSession()));
        }

        /** No session can be created after the response was flushed. */
        private static void lateNew(HttpServletRequest req, HttpServletResponse res) throws IOException {
            PrintWriter writer = res.getWriter();
            writer.print("sent ");
            writer.flush();
            try {
                req.getSession();
                writer.print("created");
            } catch (IllegalStateException e) {
                writer.print("caught: " + e.getMessage());
            }
        }

        /** Servlet 6.1's sendRedirect(String, int), called by reflection since the tests compile against 6.0. */
        private static void redirect61(HttpServletRequest req, HttpServletResponse res, String user)
                throws IOException {
            Method redirect;
            try {
                redirect = HttpServletResponse.class.getMethod("sendRedirect", String.class, int.class);
            } catch (NoSuchMethodException e) {
                res.getWriter().print("servlet 6.0");
                return;
            }
            req.getSession().setAttribute("user", user);
            try {
                redirect.invoke(res, "whoami", HttpServletResponse.SC_SEE_OTHER);
            } catch (IllegalAccessException | InvocationTargetException e) {
                throw new IllegalStateException(e);
            }
        }

        /** The session commits early (text counted at its widest), then the response is reset. */
        private static void reset(HttpServletRequest req, HttpServletResponse res, String user) throws IOException {
            req.getSession().setAttribute("user", user);
            char[] half = new char[res.getBufferSize() / 2];
            Arrays.fill(half, 'z');
            res.getWriter().write(half);
            res.reset();
            res.setContentType("text/plain;charset=UTF-8");
            res.getWriter().print("after reset");
        }

        private static void async(HttpServletRequest req, String user) {
            AsyncContext async = req.startAsync();
            async.start(() -> {
                try {
                    ((HttpServletRequest) async.getRequest()).getSession().setAttribute("user", user);
                    async.getResponse().getWriter().print("async");
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                } finally {
                    async.complete();
                }
            });
        }

        /** The asynchronous handler flushes, then tries a late change. */
        private static void asyncFlush(HttpServletRequest req, String user) {
            AsyncContext async = req.startAsync();
            String probe = req.getParameter("probe");
            async.start(() -> {
                try {
                    HttpSession session = ((HttpServletRequest) async.getRequest()).getSession();
                    session.setAttribute("user", user);
                    async.getResponse().getWriter().print("flushed");
                    async.getResponse().flushBuffer();
                    probe(probe).complete(tryLateChange(session));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                } finally {
                    async.complete();
                }
            });
        }

        /** The session outgrows its cookie in an asynchronous request: complete() throws, the client gets a 500. */
        private static void asyncTooLarge(HttpServletRequest req) {
            AsyncContext async = req.startAsync();
            String probe = req.getParameter("probe");
            async.start(() -> {
                try {
                    ((HttpServletRequest) async.getRequest()).getSession().setAttribute("blob", "y".repeat(5000));
                    async.getResponse().getWriter().print("stored");
                    async.complete();
                    probe(probe).complete("completed");
                } catch (RuntimeException e) {
                    probe(probe).complete("thrown: " + e.getClass().getSimpleName());
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }

        /** Stores what Spring Security and a shop keep in the session, as objects. */
        private static void typedPut(HttpServletRequest req, HttpServletResponse res) throws IOException {
            HttpSession session = req.getSession();
            session.setAttribute("csrf", new SecurityLikeTypes.CsrfToken("X-CSRF-TOKEN", "_csrf", "t-123"));
            SecurityLikeTypes.SecurityContext context = new SecurityLikeTypes.SecurityContext();
            context.setAuthentication(new SecurityLikeTypes.Authentication("alice",
                    java.util.List.of(new SecurityLikeTypes.Authority("ROLE_USER"), new SecurityLikeTypes.Authority("ROLE_ADMIN")), true));
            session.setAttribute("SPRING_SECURITY_CONTEXT", context);
            session.setAttribute("SPRING_SECURITY_SAVED_REQUEST", new SecurityLikeTypes.SavedRequest("GET",
                    "http://localhost/s/orders?page=2", Map.of("page", java.util.List.of("2")),
                    java.util.List.of(java.util.Locale.FRANCE), NOW));
            session.setAttribute("cart", java.util.List.of(new SecurityLikeTypes.CartItem("apple", 2)));
            session.setAttribute("visits", 3L);
            res.getWriter().print("stored");
        }

        /** Reads them back in the next request with the casts the frameworks make. */
        private static void typedGet(HttpServletRequest req, HttpServletResponse res) throws IOException {
            HttpSession session = req.getSession(false);
            SecurityLikeTypes.CsrfToken csrf = (SecurityLikeTypes.CsrfToken) session.getAttribute("csrf");
            SecurityLikeTypes.SecurityContext context =
                    (SecurityLikeTypes.SecurityContext) session.getAttribute("SPRING_SECURITY_CONTEXT");
            SecurityLikeTypes.SavedRequest saved =
                    (SecurityLikeTypes.SavedRequest) session.getAttribute("SPRING_SECURITY_SAVED_REQUEST");
            java.util.List<?> cart = (java.util.List<?>) session.getAttribute("cart");
            SecurityLikeTypes.CartItem first = (SecurityLikeTypes.CartItem) cart.get(0);
            Long visits = (Long) session.getAttribute("visits");
            res.getWriter().print(csrf.token() + " " + context.getAuthentication().name() + " "
                    + context.getAuthentication().authorities().get(1).authority() + " " + saved.redirectUrl() + " "
                    + saved.locales().get(0) + " " + saved.savedAt() + " " + first.sku() + "x" + first.quantity()
                    + " " + visits);
        }

        private static void unserializable(HttpServletRequest req, HttpServletResponse res) throws IOException {
            try {
                req.getSession().setAttribute("thing", new Loop());
                res.getWriter().print("stored");
            } catch (dev.crumb.SessionException e) {
                res.getWriter().print("rejected: " + e.getMessage());
            }
        }

        private static void maxInactive(HttpServletRequest req, HttpServletResponse res) throws IOException {
            HttpSession session = req.getSession();
            int interval = session.getMaxInactiveInterval();
            session.setMaxInactiveInterval(interval);
            try {
                session.setMaxInactiveInterval(5);
                res.getWriter().print(interval + " accepted");
            } catch (UnsupportedOperationException e) {
                res.getWriter().print(interval + " unsupported");
            }
        }

        private static String tryLateChange(HttpSession session) {
            try {
                session.setAttribute("late", "too late");
                return "not caught";
            } catch (IllegalStateException e) {
                return "caught: " + e.getMessage();
            }
        }
    }
}
