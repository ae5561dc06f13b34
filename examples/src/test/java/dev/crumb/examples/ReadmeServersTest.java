package dev.crumb.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.crumb.CookieSessions;
import dev.crumb.CookieSpec;
import dev.crumb.KeyRing;
import io.netty.channel.Channel;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.net.InetSocketAddress;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The README's samples that serve HTTP, run in real servers against a client that sends several
 * requests on one kept-alive connection, as curl and browsers do.
 */
@Timeout(30)
class ReadmeServersTest {

    @Test
    void nettyQuickstart_answersEveryRequestOnOneConnection_andTheCartGrows() throws Exception {
        CookieSessions sessions = CookieSessions.builder().keys(KeyRing.generate())
                .cookie(CookieSpec.named("session").insecureAllowPlainHttp()).build();
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        try {
            Channel server = NettyExample.start(group, 0, sessions);
            int port = ((InetSocketAddress) server.localAddress()).getPort();
            try (KeepAliveClient curl = new KeepAliveClient(port)) {
                assertEquals("cart: [apple]\n", curl.get("/").body());
                assertEquals("cart: [apple, apple]\n", curl.get("/").body());
                KeepAliveClient.Response third = curl.get("/");
                assertEquals(200, third.status());
                assertEquals("cart: [apple, apple, apple]\n", third.body());
                assertNotNull(third.header("set-cookie"), "each change is saved in the cookie");
            }
        } finally {
            group.shutdownGracefully().sync();
        }
    }

    /** The servlet quickstart registers the filter; the usage sample runs in a servlet behind it. */
    @Test
    void servletQuickstart_keepsTheSessionAcrossRequestsOnOneConnection() throws Exception {
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler("/");
        context.addServletContainerInitializer((classes, servletContext) -> {
            ReadmeSnippets.servletQuickstart(servletContext);  // reads CRUMB_KEYS, set by the pom for tests
            servletContext.addServlet("usage", new UsageServlet()).addMapping("/*");
        });
        server.setHandler(context);
        server.start();
        try (KeepAliveClient browser = new KeepAliveClient(connector.getLocalPort())) {
            assertEquals("returning=false user=alice cart=[apple, bread]", browser.get("/").body());
            KeepAliveClient.Response second = browser.get("/");
            assertEquals("returning=true user=alice cart=[apple, bread]", second.body());
            assertTrue(second.header("set-cookie").startsWith("__Host-session="), second.headers().toString());
            assertEquals("returning=true user=alice cart=[apple, bread]", browser.get("/").body());
        } finally {
            server.stop();
        }
    }

    /** Runs the README's usage sample, and says whether the request came with a session. */
    static final class UsageServlet extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
            boolean returning = request.getSession(false) != null;
            ReadmeSnippets.servletUsage(request);
            HttpSession session = request.getSession();
            response.setContentType("text/plain");
            response.getWriter().print("returning=" + returning + " user=" + session.getAttribute("user")
                    + " cart=" + session.getAttribute("cart"));
        }
    }
}
