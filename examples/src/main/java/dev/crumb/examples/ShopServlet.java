package dev.crumb.examples;

import dev.crumb.CookieSessions;
import dev.crumb.OpenResult;
import dev.crumb.SessionData;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * The demo's pages. It uses nothing but the plain servlet API ({@code request.getSession()});
 * the filter in front of it is what puts the session into the cookie.
 */
final class ShopServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    private static final List<String> PRODUCTS = List.of("apple", "bread", "cheese", "dates", "eggs");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final transient CookieSessions sessions;

    ShopServlet(CookieSessions sessions) {
        this.sessions = sessions;
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        switch (req.getRequestURI()) {
            case "/" -> home(req, resp);
            case "/cookie" -> cookiePage(req, resp);
            default -> resp.sendError(404);
        }
    }

    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        HttpSession session = req.getSession(false);
        if (!"/login".equals(req.getRequestURI()) && !validCsrf(req, session)) {
            resp.sendError(403, "missing or wrong CSRF token; reload the page");
            return;
        }
        switch (req.getRequestURI()) {
            case "/login" -> {
                String user = req.getParameter("user");
                if (user == null || user.isBlank() || user.length() > 40) {
                    resp.sendRedirect("/?error=name");
                    return;
                }
                HttpSession s = req.getSession();
                // New id at login, so an id planted before login is worthless (session fixation).
                req.changeSessionId();
                s.setAttribute("user", user.strip());
                s.setAttribute("csrf", newToken());
                resp.sendRedirect("/");
            }
            case "/cart" -> {
                String item = req.getParameter("item");
                if (session == null || session.getAttribute("user") == null || !PRODUCTS.contains(item)) {
                    resp.sendRedirect("/");
                    return;
                }
                @SuppressWarnings("unchecked")
                List<String> cart = (List<String>) session.getAttribute("cart");
                List<String> next = cart == null ? new ArrayList<>() : new ArrayList<>(cart);
                next.add(item);
                session.setAttribute("cart", next);
                resp.sendRedirect("/");
            }
            case "/logout" -> {
                if (session != null) {
                    session.invalidate();
                }
                resp.sendRedirect("/");
            }
            default -> resp.sendError(404);
        }
    }

    private void home(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        HttpSession session = req.getSession(false);
        String user = session == null ? null : (String) session.getAttribute("user");
        StringBuilder body = new StringBuilder();
        if (user == null) {
            body.append("<h1>Crumb shop</h1>")
                .append(req.getParameter("error") != null ? "<p class=err>Please enter a name.</p>" : "")
                .append("<form method=post action=/login><label>Name <input name=user id=user autofocus></label> ")
                .append("<label>Password <input type=password name=password id=password></label> ")
                .append("<button id=login>Log in</button></form>")
                .append("<p>Any name and password will do: this is a demo.</p>");
        } else {
            String csrf = (String) session.getAttribute("csrf");
            @SuppressWarnings("unchecked")
            List<String> cart = (List<String>) session.getAttribute("cart");
            body.append("<h1>Hello, <span id=who>").append(esc(user)).append("</span></h1>")
                .append("<h2>Your cart</h2><ul id=cart>");
            if (cart == null || cart.isEmpty()) {
                body.append("<li class=empty>empty</li>");
            } else {
                for (String item : cart) {
                    body.append("<li>").append(esc(item)).append("</li>");
                }
            }
            body.append("</ul><form method=post action=/cart><select name=item id=item>");
            for (String p : PRODUCTS) {
                body.append("<option>").append(p).append("</option>");
            }
            body.append("</select><input type=hidden name=csrf value=").append(esc(csrf)).append(">")
                .append(" <button id=add>Add to cart</button></form>")
                .append("<form method=post action=/logout><input type=hidden name=csrf value=")
                .append(esc(csrf)).append("><button id=logout>Log out</button></form>");
        }
        body.append("<p><a href=/cookie>What does my browser hold?</a></p>");
        page(resp, "Crumb shop", body.toString());
    }

    private void cookiePage(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String raw = null;
        String header = req.getHeader("Cookie");
        if (header != null) {
            for (String pair : header.split(";")) {
                String p = pair.strip();
                if (p.startsWith(DemoApp.COOKIE + "=")) {
                    raw = p.substring(DemoApp.COOKIE.length() + 1);
                }
            }
        }
        StringBuilder body = new StringBuilder("<h1>What your browser holds</h1>");
        if (raw == null) {
            body.append("<p id=none>No session cookie: nothing is stored yet.</p>");
        } else {
            body.append("<p>Cookie <code>").append(DemoApp.COOKIE).append("</code>, <b id=size>")
                .append(raw.length()).append("</b> bytes. Its value is a compact JWE: header, (empty) key, IV, ")
                .append("ciphertext, tag. Only the header is readable without the key:</p>")
                .append("<pre id=raw>").append(esc(raw)).append("</pre>");
            String[] parts = raw.split("\\.", -1);
            try {
                body.append("<h2>Header</h2><pre id=header>")
                    .append(esc(new String(Base64.getUrlDecoder().decode(parts[0]), StandardCharsets.UTF_8)))
                    .append("</pre>");
            } catch (IllegalArgumentException e) {
                body.append("<p>Header is not base64url.</p>");
            }
            OpenResult result = sessions.codec().open(raw);
            if (result.isValid()) {
                SessionData d = result.data().orElseThrow();
                body.append("<h2>Decrypted with the server's key</h2><table id=claims>")
                    .append(row("sid", d.id()))
                    .append(row("sub", d.subject().orElse("(none)")))
                    .append(row("auth_time (created)", d.createdAt().toString()))
                    .append(row("iat (issued)", d.issuedAt().toString()))
                    .append(row("exp (expires)", d.expiresAt().toString()))
                    .append(row("attrs", d.attributesJson()))
                    .append("</table>");
            } else {
                body.append("<p id=rejected>The server rejects this cookie: ")
                    .append(result.reason().map(Enum::name).orElse("?")).append("</p>");
            }
        }
        body.append("<p><a href=/>Back to the shop</a></p>");
        page(resp, "Your cookie", body.toString());
    }

    private static String row(String name, String value) {
        return "<tr><th>" + esc(name) + "</th><td>" + esc(value) + "</td></tr>";
    }

    private static void page(HttpServletResponse resp, String title, String body) throws IOException {
        resp.setContentType("text/html; charset=utf-8");
        resp.setHeader("Cache-Control", "no-store");
        resp.setHeader("Content-Security-Policy", "default-src 'self'; style-src 'unsafe-inline'");
        resp.getWriter().write("<!doctype html><html lang=en><head><meta charset=utf-8><title>" + esc(title)
                + "</title><style>body{font:16px system-ui;max-width:46rem;margin:2rem auto;padding:0 1rem}"
                + "pre{white-space:pre-wrap;word-break:break-all;background:#f4f4f4;padding:.5rem}"
                + "th{text-align:left;padding-right:1rem}.err{color:#b00}</style></head><body>"
                + body + "</body></html>");
    }

    private static boolean validCsrf(HttpServletRequest req, HttpSession session) {
        String expected = session == null ? null : (String) session.getAttribute("csrf");
        String given = req.getParameter("csrf");
        return expected != null && given != null && MessageDigest.isEqual(
                expected.getBytes(StandardCharsets.UTF_8), given.getBytes(StandardCharsets.UTF_8));
    }

    private static String newToken() {
        byte[] b = new byte[16];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    static String esc(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '&' -> sb.append("&amp;");
                case '"' -> sb.append("&quot;");
                case '\'' -> sb.append("&#39;");
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }
}
