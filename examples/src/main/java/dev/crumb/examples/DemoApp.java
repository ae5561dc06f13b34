package dev.crumb.examples;

import dev.crumb.CookieSessions;
import dev.crumb.CookieSpec;
import dev.crumb.KeyRing;
import dev.crumb.servlet.CookieSessionFilter;
import jakarta.servlet.DispatcherType;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.EnumSet;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * The Crumb demo: a small shop on embedded Jetty whose whole session lives in one encrypted
 * cookie. Run it with
 *
 * <pre>
 * mvn -B -ntp -q -pl examples -am package -DskipTests &amp;&amp; java -jar examples/target/crumb-demo.jar
 * </pre>
 *
 * and open http://localhost:8080. Keys come from the {@code CRUMB_KEYS} environment variable (a
 * JWK Set, e.g. from {@code crumb keygen}); without it a throwaway key is generated, so sessions
 * do not survive a restart. The port is {@code PORT} or 8080.
 */
public final class DemoApp {

    /** The cookie's name. {@code __Host-} pins it to this host, path / and HTTPS (localhost counts). */
    public static final String COOKIE = "__Host-crumb-demo";

    private final Server server;
    private final CookieSessions sessions;

    /** A demo server on {@code host:port} (port 0 picks a free one) with the given keys. */
    public DemoApp(String host, int port, KeyRing keys) {
        this.sessions = CookieSessions.builder()
                .keys(keys)
                .cookie(CookieSpec.named(COOKIE))
                .idleTimeout(Duration.ofMinutes(30))
                .absoluteTimeout(Duration.ofHours(12))
                .build();
        this.server = new Server(new InetSocketAddress(host, port));
        ServletContextHandler context = new ServletContextHandler(ServletContextHandler.NO_SESSIONS);
        context.setContextPath("/");
        context.addFilter(new FilterHolder(new CookieSessionFilter(sessions)), "/*",
                EnumSet.of(DispatcherType.REQUEST, DispatcherType.ASYNC));
        context.addServlet(new ServletHolder(new ShopServlet(sessions)), "/*");
        server.setHandler(context);
    }

    /** Starts serving. */
    public DemoApp start() throws Exception {
        server.start();
        return this;
    }

    /** The port actually bound. */
    public int port() {
        return ((ServerConnector) server.getConnectors()[0]).getLocalPort();
    }

    /** Stops the server. */
    public void stop() throws Exception {
        server.stop();
    }

    /**
     * What the demo says when it has no keys. The key tool is a module of its own, which the
     * demo's build command does not build, so the warning gives the command that builds it.
     */
    static final String NO_KEYS_WARNING = """
            WARNING: CRUMB_KEYS is not set, so the demo generated a throwaway development key.
                     Sessions will not survive a restart and no other server can read them.
                     For anything real, build the key tool, generate a key set once and pass it in:
                       mvn -B -ntp -q -pl cli -am package -DskipTests
                       export CRUMB_KEYS="$(java -jar cli/target/crumb-cli.jar keygen)"
            """;

    /** Starts the demo on localhost:8080 (or {@code PORT}) and serves until killed. */
    public static void main(String[] args) throws Exception {
        String env = System.getenv("CRUMB_KEYS");
        KeyRing keys;
        if (env == null || env.isBlank()) {
            keys = KeyRing.generate();
            System.err.println(NO_KEYS_WARNING);
        } else {
            keys = KeyRing.fromEnvironment("CRUMB_KEYS");
        }
        int port = System.getenv("PORT") == null ? 8080 : Integer.parseInt(System.getenv("PORT").trim());
        DemoApp app = new DemoApp("localhost", port, keys).start();
        System.err.println("Crumb demo: open http://localhost:" + app.port() + "/  (Ctrl-C to stop)");
        app.server.join();
    }
}
